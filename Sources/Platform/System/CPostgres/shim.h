#ifndef ARENA_CPOSTGRES_SHIM_H
#define ARENA_CPOSTGRES_SHIM_H
#include <postgresql/libpq-fe.h>
#endif
