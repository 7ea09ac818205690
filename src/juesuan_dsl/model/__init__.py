"""The types that cross a stage boundary: the resolved Report, the Derived figures and tables, figure keys."""
