"""Forms of the analysis app, one module per part (codebook, coding, retrieval)."""
