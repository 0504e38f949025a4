// xxHash compiled into each caller: most inputs here are single words, for which the call
// into the shared library and its dispatch cost more than the hashing itself.
#pragma once
#define XXH_INLINE_ALL
#if defined(__AVX512F__)
// GCC 12 warns falsely on the inlined AVX-512 path; AVX2 gives the same hashes.
#define XXH_VECTOR XXH_AVX2
#endif
#include <xxhash.h>
