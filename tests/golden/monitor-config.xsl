<?xml version="1.0"?>
<!-- The configuration of every UnitMonitor of an MP, each renamed after its
     TypeID without the alias, under one <monitors> root: the input of the
     check against schemas/mp/event-monitors.xsd (tests/golden/run.sh). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" indent="no"/>
  <xsl:template match="/">
    <monitors>
      <xsl:for-each select="//UnitMonitor">
        <xsl:element name="{substring-after(@TypeID, '!')}">
          <xsl:copy-of select="Configuration/*"/>
        </xsl:element>
      </xsl:for-each>
    </monitors>
  </xsl:template>
</xsl:stylesheet>
