//! Cross-crate test suites live under `tests/api/`.
