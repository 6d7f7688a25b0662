/* The web interface's files (web/dist, built by Vite), loaded into memory at start
 * and served at "/": exact files by path, index.html for any other page path (the
 * interface routes in the browser), gzip-compressed when the client accepts it.
 * Hashed files under /assets/ are cached for a year; index.html is revalidated. */
#ifndef SANAD_HTTP_STATIC_H
#define SANAD_HTTP_STATIC_H

#include <stdbool.h>
#include <stddef.h>

struct req;

/* Loads every file under `dir`. Returns the number of files (0 when the folder
 * does not exist: the server then serves the API alone), or -1 with a reason. */
int static_load(const char *dir, char *err, size_t errlen);
/* The default folder: web/dist beside the binary's parent folder. */
const char *static_default_dir(char *buf, size_t len);
/* Answers a GET or HEAD for a non-API path if there is a file for it; false when
 * there is none (the caller answers 404). */
bool static_serve(struct req *r);

#endif
