# Rule: Enabled changed, Comment added, DiscardLevel="100" dropped (the
# schema default: no difference); Discovery: Remotable removed.
85s/Enabled="true"/Enabled="false"/
85s/DiscardLevel="100"/Comment="crash alerts"/
45s/ Remotable="true"//
