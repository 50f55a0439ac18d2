/* wine 8.0 (Debian 12) lacks bcryptprimitives.dll, which Go >= 1.22 needs
   for ProcessPrng. This shim provides it on top of advapi32's RtlGenRandom. */
#include <windows.h>
#include <ntsecapi.h>
BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!RtlGenRandom(data, n)) return FALSE;
        data += n; len -= n;
    }
    return TRUE;
}
