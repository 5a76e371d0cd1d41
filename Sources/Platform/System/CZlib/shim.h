#ifndef ARENA_CZLIB_SHIM_H
#define ARENA_CZLIB_SHIM_H
#include <zlib.h>
#endif
