/*
 * emit_monitor.c - event-log unit monitors.
 *
 * Element and attribute order is the schema's (monitors-and-modules.md 2):
 * Category, AlertSettings, OperationalStates, Configuration. The unhealthy
 * state is the monitor's state (Warning or Error), the other one Success;
 * the operational state IDs are the monitor type's state IDs, as real
 * packs write them. Configuration follows each type's order (section 3).
 */
#include "emit_monitor.h"

#include "check.h"
#include "emit_expr.h"
#include "strbuf.h"

struct mtype {
	const char *id;
	const char *bad, *good; /* MonitorTypeStateID of the two states */
	const char *prefix;     /* of the unhealthy event's configuration */
};

static const struct mtype types[] = {
	{ "Microsoft.Windows.2SingleEventLog2StateMonitorType", "FirstEventRaised",
	  "SecondEventRaised", "First" },
	{ "Microsoft.Windows.SingleEventLogTimer2StateMonitorType", "EventRaised",
	  "TimerEventRaised", "" },
	{ "Microsoft.Windows.SingleEventLogManualReset2StateMonitorType", "EventRaised",
	  "ManualResetEventRaised", "" },
	{ "Microsoft.Windows.RepeatedEventLogTimer2StateMonitorType", "RepeatedEventRaised",
	  "TimerEventRaised", "Repeated" },
	{ "Microsoft.Windows.RepeatedEventLogManualReset2StateMonitorType", "RepeatedEventRaised",
	  "ManualResetEventRaised", "Repeated" },
};

static const char *reset_kind(xmlNodePtr mon)
{
	const char *k = model_attr(model_child(mon, "reset"), "kind");
	if (!k)
		BUG("unresolved monitor reset");
	return k;
}

static const struct mtype *type_of(xmlNodePtr mon)
{
	const char *k = reset_kind(mon);
	bool repeat = model_child(mon, "repeat") != NULL;
	if (!strcmp(k, "event") && !repeat)
		return &types[0];
	if (!strcmp(k, "timer"))
		return &types[repeat ? 3 : 1];
	if (!strcmp(k, "manual"))
		return &types[repeat ? 4 : 2];
	BUG("unchecked monitor reset '%s'", k);
}

const char *emit_monitor_type(xmlNodePtr mon) { return type_of(mon)->id; }

const char *emit_monitor_data(xmlNodePtr mon)
{
	return model_child(mon, "repeat") ? "$Data/Context/Context/DataItem/" : "$Data/Context/";
}

/* parent word -> health category and the aggregate monitor it rolls up to. */
static void rollup(xmlNodePtr mon, const char **category, const char **parent)
{
	static const char *const tab[][3] = {
		{ "availability", "AvailabilityHealth", "Health!System.Health.AvailabilityState" },
		{ "configuration", "ConfigurationHealth", "Health!System.Health.ConfigurationState" },
		{ "performance", "PerformanceHealth", "Health!System.Health.PerformanceState" },
		{ "security", "SecurityHealth", "Health!System.Health.SecurityState" },
	};
	const char *p = model_text(model_child(mon, "parent"));
	for (size_t i = 0; i < ARRAY_SIZE(tab); i++)
		if (strcmp(tab[i][0], p) == 0) {
			*category = tab[i][1];
			*parent = tab[i][2];
			return;
		}
	BUG("unchecked monitor parent '%s'", p);
}

static const char *alert_priority(const char *p)
{
	int n = check_priority(p);
	return n == 0 ? "Low" : n == 2 ? "High"
				       : "Normal";
}

static void alert_settings(xmlNodePtr um, xmlNodePtr mon, const char *message_id)
{
	xmlNodePtr a = model_child(mon, "alert-settings");
	if (!a)
		return;
	xmlNodePtr as = emit_el(um, "AlertSettings", NULL);
	emit_attr(as, "AlertMessage", message_id);
	emit_el(as, "AlertOnState", model_text(model_child(mon, "state")));
	emit_el(as, "AutoResolve", model_text(model_child(a, "auto-resolve")));
	emit_el(as, "AlertPriority", alert_priority(model_text(model_child(a, "priority"))));
	const char *sev = model_text(model_child(a, "severity"));
	emit_el(as, "AlertSeverity", strcmp(sev, "match") == 0 ? "MatchMonitorHealth" : sev);
	xmlNodePtr params = emit_el(as, "AlertParameters", NULL);
	struct strbuf text = STRBUF_INIT;
	emit_alert_params(params, mon, model_text(model_child(a, "description")),
			  emit_monitor_data(mon), &text);
	strbuf_release(&text);
	if (!params->children) {
		xmlUnlinkNode(params);
		xmlFreeNode(params);
	}
}

static void state(xmlNodePtr states, const char *id, const char *health)
{
	xmlNodePtr s = emit_el(states, "OperationalState", NULL);
	emit_attr(s, "ID", id);
	emit_attr(s, "MonitorTypeStateID", id);
	emit_attr(s, "HealthState", health);
}

/* PREFIX{ComputerName,LogName,Expression} of one event (holder). */
static void event_config(xmlNodePtr cfg, const char *prefix, xmlNodePtr holder, const char *cls)
{
	char name[40];
	snprintf(name, sizeof(name), "%sComputerName", prefix);
	emit_el(cfg, name, emit_computer_name(cls));
	snprintf(name, sizeof(name), "%sLogName", prefix);
	emit_el(cfg, name, model_text(model_child(holder, "log")));
	snprintf(name, sizeof(name), "%sExpression", prefix);
	emit_expression(emit_el(cfg, name, NULL), holder);
}

/* N events within T seconds; a new event restarts the count once the
 * threshold was met, the timer restarts the window
 * (monitors-and-modules.md 3, "3 events within 15 minutes"). */
static void consolidator(xmlNodePtr cfg, xmlNodePtr repeat)
{
	xmlNodePtr c = emit_el(cfg, "Consolidator", NULL);
	emit_el(c, "ConsolidationProperties", NULL);
	xmlNodePtr tc = emit_el(c, "TimeControl", NULL);
	emit_el(emit_el(tc, "WithinTimeSchedule", NULL), "Interval", model_attr(repeat, "within"));
	xmlNodePtr cc = emit_el(c, "CountingCondition", NULL);
	emit_el(cc, "Count", model_attr(repeat, "count"));
	emit_el(cc, "CountMode", "OnNewItemTestOutputRestart_OnTimerRestart");
}

static void configuration(xmlNodePtr um, xmlNodePtr mon, const struct mtype *t)
{
	xmlNodePtr cfg = emit_el(um, "Configuration", NULL);
	const char *cls = model_text(model_child(mon, "class"));
	xmlNodePtr reset = model_child(mon, "reset");
	event_config(cfg, t->prefix, mon, cls);
	if (t == &types[0])
		event_config(cfg, "Second", reset, cls);
	xmlNodePtr repeat = model_child(mon, "repeat");
	if (repeat)
		consolidator(cfg, repeat);
	if (model_attr(reset, "seconds"))
		emit_el(cfg, "TimerWaitInSeconds", model_attr(reset, "seconds"));
}

xmlNodePtr emit_unit_monitor(xmlNodePtr monitors, xmlNodePtr mon, const char *id,
			     const char *message_id)
{
	const struct mtype *t = type_of(mon);
	const char *category, *parent;
	rollup(mon, &category, &parent);
	xmlNodePtr um = emit_el(monitors, "UnitMonitor", NULL);
	const char *en = model_attr(mon, "enabled");
	emit_attr(um, "ID", id);
	emit_attr(um, "Accessibility", "Internal");
	emit_attr(um, "Enabled", en ? en : "true");
	emit_attr(um, "Target", model_text(model_child(mon, "class")));
	emit_attr(um, "ParentMonitorID", parent);
	emit_attr(um, "Remotable", "true");
	emit_attr(um, "Priority", "Normal");
	struct strbuf type = STRBUF_INIT;
	strbuf_addf(&type, "Windows!%s", t->id);
	emit_attr(um, "TypeID", type.buf);
	strbuf_release(&type);
	emit_attr(um, "ConfirmDelivery", "true");
	emit_el(um, "Category", category);
	alert_settings(um, mon, message_id);
	xmlNodePtr states = emit_el(um, "OperationalStates", NULL);
	state(states, t->bad, model_text(model_child(mon, "state")));
	state(states, t->good, "Success");
	configuration(um, mon, t);
	return um;
}
