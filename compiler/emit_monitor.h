/*
 * emit_monitor.h - a resolved <monitor> -> <UnitMonitor> of one of the
 * Microsoft.Windows event-log monitor types (monitors-and-modules.md 2, 3).
 *
 * Which type follows from the monitor's reset and repeat: reset event ->
 * 2SingleEventLog2StateMonitorType, reset timer -> SingleEventLogTimer2State,
 * reset manual -> SingleEventLogManualReset2State, repeat + reset timer ->
 * RepeatedEventLogTimer2State, repeat + reset manual ->
 * RepeatedEventLogManualReset2State. The node is created under monitors
 * (owned by its document).
 */
#ifndef SCOMC_EMIT_MONITOR_H
#define SCOMC_EMIT_MONITOR_H

#include "model.h"

/* The monitor type's ID without its alias ("Microsoft.Windows....Type"),
 * static. mon must be resolved and checked. */
const char *emit_monitor_type(xmlNodePtr mon);

/* Where a monitor's alert parameters read the event: "$Data/Context/", or
 * through the consolidator's context for a repeated event. Static. */
const char *emit_monitor_data(xmlNodePtr mon);

/* Appends the UnitMonitor with ID id (and, when the monitor raises an
 * alert, AlertMessage message_id) to monitors; returns it. */
xmlNodePtr emit_unit_monitor(xmlNodePtr monitors, xmlNodePtr mon, const char *id,
			     const char *message_id);

#endif
