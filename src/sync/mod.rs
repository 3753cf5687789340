//! Team projects on a PostgreSQL server. Each coder's project file stays a full offline copy; everything users
//! change is shared as records with stable keys whose fields carry hybrid logical clocks ([`hlc`]), merged field by
//! field with the losing values kept ([`merge`]). The project file's bookkeeping is in `store::sync`; the server's
//! tables, row-level security and the push/pull protocol are in [`server`]; connection settings in [`conninfo`].

pub mod cli;
pub mod conninfo;
pub mod hlc;
pub mod merge;
pub mod records;
pub mod server;
