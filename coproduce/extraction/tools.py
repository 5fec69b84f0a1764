"""Critical appraisal tools, each a fixed list of questions with the answers it allows.

- **AACODS** (Tyndall, 2010) for grey literature: authority, accuracy, coverage, objectivity, date and
  significance.
- **MMAT 2018** (Hong et al.) for empirical studies: two screening questions, then five criteria for the
  study's category (qualitative, randomised, non-randomised, descriptive, mixed methods). The MMAT advises
  against an overall score; the app shows how many criteria were met and asks the team for its own judgement.
- **CASP qualitative checklist** (2018): ten questions for qualitative studies.
"""

from dataclasses import dataclass

from coproduce.evidence.models import Reference

YES, NO, UNCLEAR = "yes", "no", "unclear"
ANSWERS = ((YES, "Yes"), (NO, "No"), (UNCLEAR, "Can't tell"))


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    hint: str = ""


@dataclass(frozen=True)
class Tool:
    key: str
    name: str
    purpose: str
    questions: tuple[Question, ...]
    variants: tuple[tuple[str, str, tuple[Question, ...]], ...] = ()

    def variant_label(self, variant: str) -> str:
        return next((label for key, label, _ in self.variants if key == variant), "")

    def questions_for(self, variant: str = "") -> tuple[Question, ...]:
        """The questions asked: the tool's own, then its variant's (MMAT's category criteria)."""
        extra = next((questions for key, _, questions in self.variants if key == variant), ())
        return self.questions + extra


AACODS = Tool(
    key="aacods",
    name="AACODS checklist",
    purpose="Grey literature: reports, council papers, web pages",
    questions=(
        Question("authority", "Authority: is the author or organisation credible and expert on the subject?",
                 "Who wrote or published it? Are they recognised, with experience or a track record?"),
        Question("accuracy", "Accuracy: is it clearly aimed, sourced and supported?",
                 "Does it state its aim, cite sources, and describe how any data were gathered?"),
        Question("coverage", "Coverage: are the limits of the work clearly stated?",
                 "Does it say what it covers and what it leaves out?"),
        Question("objectivity", "Objectivity: is the standpoint clear and the content balanced?",
                 "Is there a vested interest? Are other views presented fairly?"),
        Question("date", "Date: does it have a clear date, and is it current enough to rely on?"),
        Question("significance", "Significance: does it add something to the review?",
                 "Is it meaningful, typical of its kind, and relevant to the research questions?"),
    ),
)  # fmt: skip

_MMAT_SCREENING = (
    Question("s1", "Are there clear research questions?"),
    Question("s2", "Do the collected data allow the research questions to be addressed?"),
)


def _criteria(prefix: str, texts: tuple[str, ...]) -> tuple[Question, ...]:
    return tuple(Question(f"{prefix}.{n}", text) for n, text in enumerate(texts, start=1))


MMAT = Tool(
    key="mmat",
    name="Mixed Methods Appraisal Tool (MMAT 2018)",
    purpose="Empirical studies: qualitative, quantitative or mixed methods",
    questions=_MMAT_SCREENING,
    variants=(
        ("qualitative", "Qualitative study", _criteria("1", (
            "Is the qualitative approach appropriate to answer the research question?",
            "Are the qualitative data collection methods adequate to address the research question?",
            "Are the findings adequately derived from the data?",
            "Is the interpretation of results sufficiently substantiated by data?",
            "Is there coherence between qualitative data sources, collection, analysis and interpretation?",
        ))),
        ("randomised", "Randomised controlled trial", _criteria("2", (
            "Is randomisation appropriately performed?",
            "Are the groups comparable at baseline?",
            "Are there complete outcome data?",
            "Are outcome assessors blinded to the intervention provided?",
            "Did the participants adhere to the assigned intervention?",
        ))),
        ("non_randomised", "Non-randomised quantitative study", _criteria("3", (
            "Are the participants representative of the target population?",
            "Are measurements appropriate regarding both the outcome and the intervention (or exposure)?",
            "Are there complete outcome data?",
            "Are the confounders accounted for in the design and analysis?",
            "During the study period, is the intervention administered (or exposure occurred) as intended?",
        ))),
        ("descriptive", "Quantitative descriptive study", _criteria("4", (
            "Is the sampling strategy relevant to address the research question?",
            "Is the sample representative of the target population?",
            "Are the measurements appropriate?",
            "Is the risk of non-response bias low?",
            "Is the statistical analysis appropriate to answer the research question?",
        ))),
        ("mixed", "Mixed methods study", _criteria("5", (
            "Is there an adequate rationale for using a mixed methods design for the research question?",
            "Are the components of the study effectively integrated to answer the research question?",
            "Are the outputs of integrating the qualitative and quantitative parts adequately interpreted?",
            "Are divergences between the quantitative and qualitative results adequately addressed?",
            "Does each component of the study meet the quality criteria of its own method?",
        ))),
    ),
)  # fmt: skip

CASP_QUALITATIVE = Tool(
    key="casp_qualitative",
    name="CASP qualitative studies checklist",
    purpose="Qualitative studies, when the team prefers CASP to the MMAT",
    questions=_criteria("casp", (
        "Was there a clear statement of the aims of the research?",
        "Is a qualitative methodology appropriate?",
        "Was the research design appropriate to address the aims of the research?",
        "Was the recruitment strategy appropriate to the aims of the research?",
        "Were the data collected in a way that addressed the research issue?",
        "Has the relationship between researcher and participants been adequately considered?",
        "Have ethical issues been taken into consideration?",
        "Was the data analysis sufficiently rigorous?",
        "Is there a clear statement of findings?",
        "Is the research valuable, for example for policy or practice here?",
    )),
)  # fmt: skip

TOOLS: dict[str, Tool] = {tool.key: tool for tool in (AACODS, MMAT, CASP_QUALITATIVE)}


def tool_get(key: str) -> Tool | None:
    return TOOLS.get(key)


def tool_suggested(reference: Reference) -> Tool:
    """AACODS for grey literature, the MMAT for everything else."""
    return AACODS if reference.is_grey else MMAT


def criteria_met(tool: Tool, variant: str, answers: dict[str, str]) -> tuple[int, int]:
    """(questions answered "yes", questions asked) for a summary like "4 of 7 criteria met"."""
    questions = tool.questions_for(variant)
    return sum(answers.get(q.key) == YES for q in questions), len(questions)
