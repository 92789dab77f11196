<?xml version="1.0" encoding="UTF-8"?>
<!--
  tests/diff: the same pack written differently. Lists whose order has no
  meaning are reversed (references, elements of a section, children with
  an ID, language packs, display strings, knowledge articles), comments are
  dropped and schema defaults are written out. `scomc diff` must report
  nothing between a pack and this form of it.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:maml="http://schemas.microsoft.com/maml/2004/10">
  <xsl:strip-space elements="*"/>
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:template match="@*|node()">
    <xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy>
  </xsl:template>

  <xsl:template match="comment()"/>

  <xsl:template match="References|ClassTypes|Discoveries|Rules|Monitors|Overrides|StringResources
                       |LanguagePacks|DisplayStrings|KnowledgeArticles|OperationalStates|WriteActions">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:for-each select="*">
        <xsl:sort select="position()" data-type="number" order="descending"/>
        <xsl:apply-templates select="."/>
      </xsl:for-each>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="ClassType">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:for-each select="Property">
        <xsl:sort select="position()" data-type="number" order="descending"/>
        <xsl:apply-templates select="."/>
      </xsl:for-each>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="maml:list[not(@class)]">
    <xsl:copy>
      <xsl:attribute name="class">unordered</xsl:attribute>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="maml:para[not(*)]/text()">
    <xsl:value-of select="normalize-space(.)"/>
  </xsl:template>
</xsl:stylesheet>
