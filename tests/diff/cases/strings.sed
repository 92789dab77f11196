# Display strings and knowledge articles: a name changed, a description
# added, the German display string removed, article text changed.
210s/crashed/has crashed/
204a\          <Description>The application.</Description>
237,239d
223s/unhandled/uncaught/
