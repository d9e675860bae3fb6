"""The lägesbild pages: the list, a lägesbild as a page with its map and charts, editing the
written parts and the prioritised problems, approval, and the PDF, CSV and XLSX downloads;
and the public version of approved lägesbilder, which needs no log-in."""
