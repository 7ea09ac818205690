"""The audit rules (表内表间审核), the 核对 assertions and the to-fill markers: they read the Report and the Derived figures and return diagnostics."""
