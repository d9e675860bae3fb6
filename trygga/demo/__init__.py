"""The demo municipality: Eskilstuna with real geography and police events, approximate
districts, the organisations of the source documents, and a generated year of field events."""
