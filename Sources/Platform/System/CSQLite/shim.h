#ifndef ARENA_CSQLITE_SHIM_H
#define ARENA_CSQLITE_SHIM_H
#include <sqlite3.h>
#endif
