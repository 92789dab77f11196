<?xml version="1.0" encoding="UTF-8"?>
<!--
  Test helper only (not a site template): writes each <page> of a pack.xsl or
  home.xsl result to DIR/@href as HTML, so a browser can open the pages.
  scomc itself serializes the pages in C; this needs xsltproc without
  nowrite:  xsltproc -stringparam dir OUT split.xsl pages.xml
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:exsl="http://exslt.org/common" extension-element-prefixes="exsl">
  <xsl:param name="dir" select="'.'"/>
  <xsl:template match="/pages">
    <xsl:for-each select="page">
      <exsl:document href="{$dir}/{@href}" method="html" encoding="UTF-8"
                     doctype-system="about:legacy-compat">
        <xsl:copy-of select="html"/>
      </exsl:document>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
