<?xml version="1.0"?>
<!-- One line per knowledge section of an MP: RULE-ID|TITLE|TEXT (whitespace
     collapsed); list items are prefixed with "* " and table cells followed by
     " |", so structure counts too. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:maml="http://schemas.microsoft.com/maml/2004/10">
  <xsl:output method="text"/>
  <xsl:template match="/">
    <xsl:for-each select="//KnowledgeArticle/MamlContent/maml:section">
      <xsl:value-of select="ancestor::KnowledgeArticle/@ElementID"/>|<xsl:value-of
        select="normalize-space(maml:title)"/>|<xsl:variable name="t"><xsl:apply-templates
        select="*[not(self::maml:title)]"/></xsl:variable><xsl:value-of
        select="normalize-space($t)"/><xsl:text>&#10;</xsl:text>
    </xsl:for-each>
  </xsl:template>
  <xsl:template match="maml:entry"><xsl:text> </xsl:text><xsl:apply-templates/> |</xsl:template>
  <xsl:template match="maml:listItem"> * <xsl:apply-templates/></xsl:template>
  <xsl:template match="maml:uri"/>
  <xsl:template match="maml:para"><xsl:text> </xsl:text><xsl:apply-templates/><xsl:text> </xsl:text></xsl:template>
</xsl:stylesheet>
