"""A Word file made into a PDF by LibreOffice with its indexes brought up to date first, as a reader's
LibreOffice does when they choose Tools, Update, Update All: the table of contents gets its page numbers.

`soffice --convert-to pdf` alone keeps the contents as the file has them. Here a throwaway LibreOffice
profile holds a small Basic macro that opens the file, updates every index, and writes the PDF.
"""

import shutil
import subprocess
from pathlib import Path

MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1"
 script:language="StarBasic">
Sub ConvertUpdated(inPath As String, outPath As String)
  Dim opening(0) As New com.sun.star.beans.PropertyValue
  opening(0).Name = &quot;Hidden&quot;
  opening(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(inPath), &quot;_blank&quot;, 0, opening())
  indexes = doc.getDocumentIndexes()
  For i = 0 To indexes.getCount() - 1
    indexes.getByIndex(i).update()
  Next i
  Dim saving(0) As New com.sun.star.beans.PropertyValue
  saving(0).Name = &quot;FilterName&quot;
  saving(0).Value = &quot;writer_pdf_Export&quot;
  doc.storeToURL(ConvertToURL(outPath), saving())
  doc.close(True)
  StarDesktop.terminate()
End Sub
</script:module>
"""


def available() -> bool:
    return bool(shutil.which("soffice"))


def docx_pdf_updated(docx: Path, pdf: Path, *, profile: Path) -> None:
    """Write `docx` as `pdf` with its contents updated, using (and making) the LibreOffice profile at
    `profile`."""
    soffice = ["soffice", f"-env:UserInstallation=file://{profile.resolve()}", "--headless"]
    module = profile / "user" / "basic" / "Standard" / "Module1.xba"
    if not module.exists():  # a new profile: LibreOffice sets it up on its first start
        subprocess.run([*soffice, "--terminate_after_init"], check=True, capture_output=True, timeout=180)
    module.write_text(MACRO, encoding="utf-8")
    call = f'macro:///Standard.Module1.ConvertUpdated("{docx.resolve()}","{pdf.resolve()}")'
    subprocess.run([*soffice, call], check=True, capture_output=True, timeout=180)
    if not pdf.exists():
        raise RuntimeError(f"LibreOffice did not write {pdf}")
