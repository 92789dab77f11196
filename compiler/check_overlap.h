/*
 * check_overlap.h - W307: two alert-raising items of one pack that match
 * the same event, so SCOM raises two alerts for it; W308: one item's event
 * list names an ID twice; W309: a monitor resets on its unhealthy event.
 */
#ifndef SCOMC_CHECK_OVERLAP_H
#define SCOMC_CHECK_OVERLAP_H

#include "model.h"

/*
 * Warns once per item about the first earlier item whose filter matches an
 * event it matches too: same log, overlapping event IDs, the same source
 * (or a wildcard or substring that takes it in), and no filter telling
 * them apart (both without a filter, or with the same one). Items are the
 * alerts and the monitors that raise alerts (their unhealthy event); a
 * source matched by a regular expression is never judged. Reads resolved
 * or unresolved models (through model_prop) and skips malformed values,
 * which check_model reports. Also warns (W308) once per ID or range of an
 * item's event list that an earlier one of the same list already takes in,
 * for every item, alerting or not; and (W309) about a monitor whose reset
 * event matches an event that makes it unhealthy. O(n log n) in the number of event ID items,
 * plus the overlapping pairs.
 */
void check_overlaps(struct model *m, struct diag_sink *sink);

#endif
