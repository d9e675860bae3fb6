"""The lägesbild (situational picture): weekly (EST), tertial and yearly statutory pictures
of crime and insecurity, built from the analysis engine, written on by the analyst, approved
into frozen versions, and rendered as a web page, a PDF and CSV/XLSX tables, in a partner
and a public version (docs/lagesbild.md)."""
