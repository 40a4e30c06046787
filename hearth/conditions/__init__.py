"""The conditions catalogue: chronic conditions with lay names, synonyms and ICD-10-CM codes."""
