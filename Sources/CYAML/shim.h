#ifndef STREAMTYPES_CYAML_SHIM_H
#define STREAMTYPES_CYAML_SHIM_H
#include <yaml.h>
#endif
