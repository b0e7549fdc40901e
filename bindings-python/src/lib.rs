//! Python bindings for iuran (in progress).
