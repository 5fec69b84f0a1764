"""HTTP glue for the projects pages: parse, authorise with `access_project`, call one service, render."""
