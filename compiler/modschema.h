/*
 * modschema.h - module and monitor type configuration schemas, built as the
 * SDK builds them (monitors-and-modules.md section 4), and the validation
 * of a module's configuration against them (issue 11).
 *
 * For a type (DataSourceModuleType, ProbeActionModuleType,
 * ConditionDetectionModuleType, WriteActionModuleType, UnitMonitorType) the
 * schema is one xsd:schema holding the named types of every SchemaType its
 * Configuration lists in IncludeSchemaTypes (looked up through the type's own
 * pack and its references), then an element Configuration whose content is
 * the sequence of the Configuration's xsd:element declarations. It is
 * compiled with libxml2 once per type per run and cached in the refpacks.
 *
 * Substitutions ($...$, "$$" is a literal '$'), in text and attribute
 * values, are handled before validation (docs/verify.md "Substitutions"):
 *   - $Config/X...$ inside a composite module type or a unit monitor type
 *     whose own Configuration declares X: the value is the caller's, so the
 *     element holding it is not checked further;
 *   - $Config/X$ naming no element of the enclosing type: E720;
 *   - every other substitution ($Target/...$, $Data/...$, $MPElement...$,
 *     $RunAs...$, $Config outside a type) is replaced by the text "Test"
 *     and validated as text, so it fits string fields and fails typed ones
 *     (what Microsoft's verifier reports: "The value 'Test' is invalid
 *     according to its datatype 'Integer'").
 */
#ifndef SCOMC_MODSCHEMA_H
#define SCOMC_MODSCHEMA_H

#include <libxml/hash.h>
#include <libxml/tree.h>

struct refpacks;
struct mp_file;
struct modschema;

/* Receives one problem: at is an original node (the module element or one
 * of its descendants), msg and hint in house style, id E707 or E720. */
typedef void modschema_report_fn(void *ctx, xmlNodePtr at, const char *id, const char *msg,
				 const char *hint);

/*
 * The compiled configuration schema of type (a top-level element of owner).
 * Built on first use; later calls return the cached result. NULL if it
 * cannot be built: an unknown IncludeSchemaTypes entry (E721) or a schema
 * that does not compile (E719), reported once, at the type, into r->sink.
 * Owned by r.
 */
struct modschema *modschema_get(struct refpacks *r, struct mp_file *owner, xmlNodePtr type);

/*
 * Validates the element children of parent (the DataSource, WriteAction,
 * ... element, or a UnitMonitor's Configuration) against s. enclosing is
 * the composite module type or unit monitor type parent appears in (NULL
 * in a rule, discovery, monitor, ...): it gives $Config/X$ its meaning.
 * Returns the number of problems reported.
 */
int modschema_validate(struct modschema *s, xmlNodePtr parent, xmlNodePtr enclosing,
		       modschema_report_fn *report, void *ctx);

/* Frees a cache filled by modschema_get() (refpacks_release() calls it). */
void modschema_cache_free(xmlHashTablePtr cache);

#endif
