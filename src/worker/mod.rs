//! Work that runs beside the web server, on its own thread.

pub mod background;
