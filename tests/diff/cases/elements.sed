# An element added, one removed, one of another kind under the same ID.
193a\      <StringResource ID="Diff.Pack.Extra.Message" />
186,188d
172s/UnitMonitor/AggregateMonitor/
183s/UnitMonitor/AggregateMonitor/
