/*
 * emit_expr.h - event filters as the expression filter's XML
 * (System.ExpressionFilter's ExpressionType, as Microsoft.Windows
 * EventProvider and the event-log monitor types take it).
 *
 * Shared by the rule and the monitor writers. Text goes in through
 * raw-text setters only. Nodes are created in parent's document and owned
 * by it.
 */
#ifndef SCOMC_EMIT_EXPR_H
#define SCOMC_EMIT_EXPR_H

#include "model.h"

/* New child element of parent, with raw text when text != NULL. */
xmlNodePtr emit_el(xmlNodePtr parent, const char *name, const char *text);
void emit_attr(xmlNodePtr n, const char *name, const char *value);

/*
 * Fills expr (an <Expression> or a *Expression configuration element) with
 * the filter of holder: an And of its <event> IDs, its <source> (name,
 * wildcard, substring or regular expression) and every condition of its
 * <filter>, in the order its <order> gives, with the Type attributes its
 * <types> gives. holder is a resolved alert, monitor or reset event.
 */
void emit_expression(xmlNodePtr expr, xmlNodePtr holder);

/* The ComputerName of an event source on target class cls: the computer's
 * NetworkName, through Host unless cls is Microsoft.Windows.Computer.
 * Static string. */
const char *emit_computer_name(const char *cls);

/* The ComputerName an alert states (computer-name: host, target, none or
 * the value itself), else the derived one of its class; NULL for none.
 * Static or borrowed from the model. */
const char *emit_alert_computer(xmlNodePtr alert);

/* The types word w[0..n) as Type bits (none 0, query 1, value 2, all 3;
 * a type name, 3), or UINT_MAX when it is not one. */
unsigned emit_types_word(const char *w, size_t n);
/* The MP's name of the expression type w[0..n) (Integer, String, ...),
 * static, or NULL when it is not one. */
const char *emit_types_name(const char *w, size_t n);

struct strbuf;

/*
 * Rewrites the description's placeholders ({name}, and %N declared by the
 * item's parameter legend) as {0}, {1}... into text and, unless params is
 * NULL, adds one AlertParameterN per distinct placeholder to params. Each
 * parameter reads the event data under data: "$Data/" for a rule's event,
 * "$Data/Context/" for the event that changed a monitor's state. The
 * description must have passed check_model.
 */
void emit_alert_params(xmlNodePtr params, xmlNodePtr item, const char *desc,
		       const char *data, struct strbuf *text);

/* The EventLevel number of a level word ("error" -> 1), or -1. */
int emit_event_level(const char *level);

#endif
