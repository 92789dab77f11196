<?xml version="1.0" encoding="UTF-8"?>
<!--
  changes.xsl: the page of what changed in a pack since its previous
  version (scomc with the baseline option). Input, written by the C side (changes.h):

    <changes pack="ID" name="…" version="NEW" baseline="OLD" href="version-NEW.html">
      <added name="…" title="…" events="…"/>
      <removed name="…" title="…" events="…"/>
      <changed name="…" title="…">
        <change what="title|events|source|log|type|priority|path|rule|description|
                      product|product-version|enabled" from="…" to="…"/>
        <change what="article" sections="User Action, …" removed="Notes, …"/>
      </changed>
    </changes>

  Output: <pages><page href="@href"><html>…</html></page></pages>, written
  to docs/ID/@href. Everything is said in plain words; all data is text.
  Parameter: generator (common.xsl).
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:include href="common.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:strip-space elements="changes changed"/>

  <xsl:template match="/">
    <xsl:if test="not(changes)">
      <xsl:message terminate="yes">changes.xsl: the input root must be &lt;changes&gt;</xsl:message>
    </xsl:if>
    <pages>
      <xsl:text>&#10;</xsl:text>
      <xsl:apply-templates select="changes"/>
    </pages>
  </xsl:template>

  <xsl:template match="changes">
    <xsl:variable name="title" select="concat('What changed in version ', @version)"/>
    <page href="{@href}">
      <html lang="en">
        <xsl:text>&#10;</xsl:text>
        <xsl:call-template name="head">
          <xsl:with-param name="title" select="concat($title, ' – ', @name)"/>
          <xsl:with-param name="assets" select="'../'"/>
        </xsl:call-template>
        <body class="changes-page">
          <xsl:text>&#10;</xsl:text>
          <xsl:call-template name="skip-link"/>
          <header class="site-header">
            <nav class="crumbs" aria-label="Breadcrumb">
              <ol>
                <li><a href="../index.html">All packs</a></li>
                <li><a href="index.html"><xsl:value-of select="@name"/></a></li>
                <li aria-current="page">Version <xsl:value-of select="@version"/></li>
              </ol>
            </nav>
          </header>
          <xsl:text>&#10;</xsl:text>
          <main id="main">
            <xsl:text>&#10;</xsl:text>
            <h1><xsl:value-of select="$title"/></h1>
            <xsl:text>&#10;</xsl:text>
            <p class="lead">
              <xsl:text>Compared with version </xsl:text>
              <xsl:value-of select="@baseline"/>
              <xsl:text> of </xsl:text>
              <xsl:value-of select="@name"/>
              <xsl:text>: </xsl:text>
              <xsl:choose>
                <xsl:when test="not(added | removed | changed)">no alert changed.</xsl:when>
                <xsl:otherwise>
                  <xsl:call-template name="counted">
                    <xsl:with-param name="n" select="count(added)"/>
                    <xsl:with-param name="what" select="' added'"/>
                  </xsl:call-template>
                  <xsl:if test="added and (changed or removed)">, </xsl:if>
                  <xsl:call-template name="counted">
                    <xsl:with-param name="n" select="count(changed)"/>
                    <xsl:with-param name="what" select="' changed'"/>
                  </xsl:call-template>
                  <xsl:if test="changed and removed">, </xsl:if>
                  <xsl:call-template name="counted">
                    <xsl:with-param name="n" select="count(removed)"/>
                    <xsl:with-param name="what" select="' removed'"/>
                  </xsl:call-template>
                  <xsl:text>.</xsl:text>
                </xsl:otherwise>
              </xsl:choose>
            </p>
            <xsl:text>&#10;</xsl:text>
            <xsl:if test="added">
              <section aria-labelledby="added">
                <h2 id="added">New alerts</h2>
                <ul>
                  <xsl:apply-templates select="added"/>
                </ul>
              </section>
              <xsl:text>&#10;</xsl:text>
            </xsl:if>
            <xsl:if test="changed">
              <section aria-labelledby="changed">
                <h2 id="changed">Changed alerts</h2>
                <ul>
                  <xsl:apply-templates select="changed"/>
                </ul>
              </section>
              <xsl:text>&#10;</xsl:text>
            </xsl:if>
            <xsl:if test="removed">
              <section aria-labelledby="removed">
                <h2 id="removed">Removed alerts</h2>
                <ul>
                  <xsl:apply-templates select="removed"/>
                </ul>
              </section>
              <xsl:text>&#10;</xsl:text>
            </xsl:if>
          </main>
          <xsl:text>&#10;</xsl:text>
          <xsl:call-template name="footer">
            <xsl:with-param name="pack-id" select="string(@pack)"/>
            <xsl:with-param name="pack-version" select="string(@version)"/>
          </xsl:call-template>
        </body>
        <xsl:text>&#10;</xsl:text>
      </html>
    </page>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <!-- "1 alert added", "3 alerts changed"; nothing for none. -->
  <xsl:template name="counted">
    <xsl:param name="n"/>
    <xsl:param name="what"/>
    <xsl:if test="$n &gt; 0">
    <xsl:value-of select="$n"/>
    <xsl:choose>
      <xsl:when test="$n = 1"> alert</xsl:when>
      <xsl:otherwise> alerts</xsl:otherwise>
    </xsl:choose>
    <xsl:value-of select="$what"/>
    </xsl:if>
  </xsl:template>

  <xsl:template name="events">
    <xsl:if test="string(@events) != ''">
      <xsl:text> (event </xsl:text>
      <xsl:value-of select="@events"/>
      <xsl:text>)</xsl:text>
    </xsl:if>
  </xsl:template>

  <xsl:template match="added">
    <li>
      <a href="{@name}.html"><xsl:value-of select="@title"/></a>
      <xsl:call-template name="events"/>
      <xsl:text> is new in this version.</xsl:text>
    </li>
  </xsl:template>

  <xsl:template match="removed">
    <li>
      <xsl:value-of select="@title"/>
      <xsl:call-template name="events"/>
      <xsl:text> is no longer in the pack.</xsl:text>
    </li>
  </xsl:template>

  <xsl:template match="changed">
    <li>
      <a href="{@name}.html"><xsl:value-of select="@title"/></a>
      <ul>
        <xsl:apply-templates select="change"/>
      </ul>
    </li>
  </xsl:template>

  <!-- sections: new or changed parts; removed: sections no longer there. -->
  <xsl:template match="change[@what = 'article']">
    <li>
      <xsl:if test="string(@sections) != ''">
        <xsl:text>The knowledge article changed: </xsl:text>
        <xsl:value-of select="@sections"/>
        <xsl:text>.</xsl:text>
      </xsl:if>
      <xsl:if test="string(@sections) != '' and string(@removed) != ''">
        <xsl:text> </xsl:text>
      </xsl:if>
      <xsl:if test="string(@removed) != ''">
        <xsl:text>No longer in the article: </xsl:text>
        <xsl:value-of select="@removed"/>
        <xsl:text>.</xsl:text>
      </xsl:if>
    </li>
  </xsl:template>

  <xsl:template match="change[@what = 'enabled']">
    <li>
      <xsl:text>The rule is now </xsl:text>
      <xsl:value-of select="@to"/>
      <xsl:text> by default.</xsl:text>
    </li>
  </xsl:template>

  <xsl:template match="change">
    <xsl:variable name="label">
      <xsl:choose>
        <xsl:when test="@what = 'title'">The title</xsl:when>
        <xsl:when test="@what = 'events'">The event IDs</xsl:when>
        <xsl:when test="@what = 'source'">The event source</xsl:when>
        <xsl:when test="@what = 'log'">The event log</xsl:when>
        <xsl:when test="@what = 'type'">The alert type</xsl:when>
        <xsl:when test="@what = 'priority'">The priority</xsl:when>
        <xsl:when test="@what = 'path'">The rule path</xsl:when>
        <xsl:when test="@what = 'rule'">The rule name</xsl:when>
        <xsl:when test="@what = 'description'">The alert description</xsl:when>
        <xsl:when test="@what = 'product'">The product name</xsl:when>
        <xsl:when test="@what = 'product-version'">The product version</xsl:when>
        <xsl:otherwise>The <xsl:value-of select="@what"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <li>
      <xsl:value-of select="$label"/>
      <xsl:choose>
        <xsl:when test="string(@from) = ''">
          <xsl:text> is new: “</xsl:text><xsl:value-of select="@to"/><xsl:text>”.</xsl:text>
        </xsl:when>
        <xsl:when test="string(@to) = ''">
          <xsl:text> was removed (it was “</xsl:text><xsl:value-of select="@from"/><xsl:text>”).</xsl:text>
        </xsl:when>
        <xsl:otherwise>
          <xsl:text> changed from “</xsl:text><xsl:value-of select="@from"/>
          <xsl:text>” to “</xsl:text><xsl:value-of select="@to"/><xsl:text>”.</xsl:text>
        </xsl:otherwise>
      </xsl:choose>
    </li>
  </xsl:template>

</xsl:stylesheet>
