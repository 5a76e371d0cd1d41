#ifndef ARENA_CZEROMQ_SHIM_H
#define ARENA_CZEROMQ_SHIM_H
#include <zmq.h>
#endif
