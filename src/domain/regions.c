/* Reference regions and provinces (see regions.h). The structs hold their own
 * copies of the names, kept for the life of the process. */
#include "domain/regions.h"

#include "core/arena.h"
#include "core/embedded.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static struct region *regions;
static size_t count;
static char *json_text;

static const char *copy_string(json_t *value)
{
    const char *s = json_string_value(value);
    return s ? xstrdup(s) : NULL;
}

/* Fills `regions` from the reference list; -1 when an entry lacks a field. */
static int copy_regions(json_t *list)
{
    count = json_array_size(list);
    regions = xmalloc(sizeof *regions * count);
    for (size_t i = 0; i < count; i++) {
        json_t *r = json_array_get(list, i);
        json_t *provinces = json_object_get(r, "provinces");
        struct region *reg = &regions[i];
        reg->code = copy_string(json_object_get(r, "code"));
        reg->name_fr = copy_string(json_object_get(r, "name_fr"));
        reg->name_ar = copy_string(json_object_get(r, "name_ar"));
        if (!reg->code || !reg->name_fr || !reg->name_ar || !json_is_array(provinces))
            return -1;
        reg->province_count = json_array_size(provinces);
        const char **names = xmalloc(sizeof *names * (reg->province_count + 1));
        for (size_t j = 0; j < reg->province_count; j++)
            names[j] = copy_string(json_array_get(provinces, j));
        names[reg->province_count] = NULL;
        reg->provinces = names;
    }
    return 0;
}

int regions_load(void)
{
    if (regions)
        return 0;
    const struct embedded_file *f = embedded_find("regions.json");
    if (!f)
        return -1;
    json_error_t error;
    json_t *document = json_loadb(f->data, f->size, 0, &error);
    json_t *list = json_object_get(document, "regions");
    if (!json_is_array(list) || copy_regions(list) != 0) {
        json_decref(document);
        return -1;
    }
    json_t *served = json_pack("{s:O}", "regions", list);
    json_text = json_dumps(served, JSON_COMPACT);
    json_decref(served);
    json_decref(document);
    return json_text ? 0 : -1;
}

size_t regions_count(void)
{
    return count;
}

const struct region *region_at(size_t i)
{
    return i < count ? &regions[i] : NULL;
}

const struct region *region_find(const char *code)
{
    if (!code)
        return NULL;
    for (size_t i = 0; i < count; i++)
        if (strcmp(regions[i].code, code) == 0)
            return &regions[i];
    return NULL;
}

bool region_has_province(const struct region *region, const char *province)
{
    for (size_t i = 0; region && province && i < region->province_count; i++)
        if (strcmp(region->provinces[i], province) == 0)
            return true;
    return false;
}

const char *regions_json_text(void)
{
    return json_text;
}
