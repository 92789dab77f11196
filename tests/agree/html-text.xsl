<?xml version="1.0"?>
<!-- The same lines from a generated alert page: the h2-titled sections after
     the Details table (tables: each cell followed by " |"). RULE-ID is
     passed in as a parameter. Anything else in the article must be one of
     the page-only parts docs/language.md lists ("One article"): the h1,
     Topic Last Modified, the disabled note, the intro before the Details,
     and the Details table; any other element is printed as a line of its
     own, which the MAML never has, so the comparison fails. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:h="http://www.w3.org/1999/xhtml">
  <xsl:output method="text"/>
  <xsl:param name="rule"/>
  <xsl:template match="/">
    <xsl:for-each select="//h:section[h:h2][not(@class = 'details')]">
      <xsl:value-of select="$rule"/>|<xsl:value-of select="normalize-space(h:h2)"/>|<xsl:variable
        name="t"><xsl:apply-templates select="*[not(self::h:h2)]"/></xsl:variable><xsl:value-of
        select="normalize-space($t)"/><xsl:text>&#10;</xsl:text>
    </xsl:for-each>
    <xsl:for-each select="//h:article/*[not(self::h:h1 or self::h:p[@class = 'modified'] or
        self::h:p[@class = 'note'] or self::h:section[h:h2] or
        ((self::h:p or self::h:ul or self::h:ol) and following-sibling::h:section[@class = 'details']))]">
      <xsl:value-of select="concat($rule, '|page-only part not in docs/language.md|', local-name(), '&#10;')"/>
    </xsl:for-each>
  </xsl:template>
  <xsl:template match="h:th | h:td"><xsl:text> </xsl:text><xsl:apply-templates/> |</xsl:template>
  <xsl:template match="h:li"> * <xsl:apply-templates/></xsl:template>
  <xsl:template match="h:p"><xsl:text> </xsl:text><xsl:apply-templates/><xsl:text> </xsl:text></xsl:template>
</xsl:stylesheet>
