"""A class beyond one machine: the grading container's entry point (``job``), a throwaway PostgreSQL
(``pgserver``), and the synthetic class of the tests and benchmarks (``synthetic``)."""
