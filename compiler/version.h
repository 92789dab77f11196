/* version.h - the scomc version (first line of --version). */
#ifndef SCOMC_VERSION_H
#define SCOMC_VERSION_H
#define SCOMC_VERSION "0.1.0"
#endif
