"""The action plan (åtgärdsplan): problems from a lägesbild with their causes, measures,
indicators, citizen promises (medborgarlöften) and their follow-up (docs/plans.md)."""
