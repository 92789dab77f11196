<?xml version="1.0" encoding="UTF-8"?>
<!--
  Normal form of a management pack for the round-trip comparison in
  tests/verify/run.sh: comments and white-space-only text are dropped, and
  defaults the MP schema gives are written out (maml:list class="unordered",
  KnowledgeArticle Visible="true"). The result goes through xmllint - -c14n,
  so attribute order, quoting and empty-element style do not matter either.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:maml="http://schemas.microsoft.com/maml/2004/10">
  <xsl:strip-space elements="*"/>
  <xsl:output method="xml" encoding="UTF-8"/>

  <xsl:template match="@*|node()">
    <xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy>
  </xsl:template>

  <xsl:template match="comment()|processing-instruction()"/>

  <xsl:template match="maml:list[not(@class)]">
    <xsl:copy>
      <xsl:attribute name="class">unordered</xsl:attribute>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="KnowledgeArticle[not(@Visible)]">
    <xsl:copy>
      <xsl:attribute name="Visible">true</xsl:attribute>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
