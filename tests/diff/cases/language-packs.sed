# Language packs: IsDefault="false" dropped (the default: no difference),
# ENU no longer the default, a French pack added.
235s/ IsDefault="false"//
197s/IsDefault="true"/IsDefault="false"/
241a\    <LanguagePack ID="FRA" IsDefault="false" />
