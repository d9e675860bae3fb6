"""Rendering of a lägesbild: static SVG maps and charts (`svg`), the document as HTML and PDF
(`document`), and the tables as CSV and XLSX (`trygga.lagesbild.tables`)."""
