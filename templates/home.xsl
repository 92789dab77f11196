<?xml version="1.0" encoding="UTF-8"?>
<!--
  home.xsl: the site home page. Input (written by the C side, packs sorted):

    <site>
      <pack id="…" name="…" version="…" target="…" alerts="N"
            href="PACKID/index.html"><description>…</description></pack>
    </site>

  Output: <pages><page href="index.html"><html>…</html></page></pages>.
  The page lists every pack and carries a full-text search box over all
  alerts of the site. Only assets/scomc.js loads with the page; when the
  reader starts searching it adds <script src> tags for search.js (the
  facts), assets/minisearch.js (the ranking library) and search-text.js (the
  article text), all written by the C side, so the home page stays fast and
  works from file:// with no network.

  Serialized by the C side like pack.xsl's pages (XHTML rules).
  Parameter: generator (common.xsl). All data is written as text.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:include href="common.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:strip-space elements="site pack"/>

  <xsl:template match="/">
    <xsl:if test="not(site)">
      <xsl:message terminate="yes">home.xsl: the input root must be &lt;site&gt;</xsl:message>
    </xsl:if>
    <pages>
      <xsl:text>&#10;</xsl:text>
      <xsl:apply-templates select="site"/>
    </pages>
  </xsl:template>

  <xsl:template match="site">
    <xsl:variable name="packs" select="count(pack)"/>
    <xsl:variable name="alerts" select="sum(pack/@alerts)"/>
    <page href="index.html">
      <html lang="en">
        <xsl:text>&#10;</xsl:text>
        <xsl:call-template name="head">
          <xsl:with-param name="title" select="'Alert knowledge base'"/>
          <xsl:with-param name="assets" select="''"/>
        </xsl:call-template>
        <body class="home-page wide">
          <xsl:text>&#10;</xsl:text>
          <xsl:call-template name="skip-link"/>
          <header class="site-header">
            <p class="brand">Alert knowledge base</p>
          </header>
          <xsl:text>&#10;</xsl:text>
          <main id="main">
            <xsl:text>&#10;</xsl:text>
            <h1>Alert knowledge base</h1>
            <xsl:text>&#10;</xsl:text>
            <p class="lead">
              <xsl:text>Knowledge articles for </xsl:text>
              <xsl:call-template name="counted">
                <xsl:with-param name="n" select="$alerts"/>
                <xsl:with-param name="one" select="'alert'"/>
                <xsl:with-param name="many" select="'alerts'"/>
              </xsl:call-template>
              <xsl:text> in </xsl:text>
              <xsl:call-template name="counted">
                <xsl:with-param name="n" select="$packs"/>
                <xsl:with-param name="one" select="'management pack'"/>
                <xsl:with-param name="many" select="'management packs'"/>
              </xsl:call-template>
              <xsl:text> for System Center Operations Manager.</xsl:text>
            </p>
            <xsl:text>&#10;</xsl:text>
            <section class="search" aria-labelledby="search-heading">
              <h2 id="search-heading">Search all alerts</h2>
              <xsl:text>&#10;</xsl:text>
              <form class="filter search-form" role="search" hidden="hidden">
                <label for="search">Search</label>
                <input type="search" id="search" name="q" autocomplete="off"
                       spellcheck="false" aria-controls="results"
                       aria-describedby="search-status"
                       placeholder="Words from the alert or its article, event ID, source"/>
              </form>
              <xsl:text>&#10;</xsl:text>
              <noscript><p class="count">Search needs JavaScript. Browse the packs below.</p></noscript>
              <p id="search-status" class="count" aria-live="polite"></p>
              <xsl:text>&#10;</xsl:text>
              <table id="results" class="list cards" hidden="hidden">
                <caption class="visually-hidden">Alerts matching the search</caption>
                <thead>
                  <tr>
                    <th scope="col">Event ID</th>
                    <th scope="col">Source</th>
                    <th scope="col">Type</th>
                    <th scope="col">Title</th>
                    <th scope="col">Pack</th>
                  </tr>
                </thead>
                <tbody></tbody>
              </table>
            </section>
            <xsl:text>&#10;</xsl:text>
            <section class="packs" aria-labelledby="packs-heading">
              <h2 id="packs-heading">Management packs</h2>
              <xsl:text>&#10;</xsl:text>
              <xsl:if test="not(pack)">
                <p>This site has no management packs yet.</p>
              </xsl:if>
              <table id="packs" class="list cards">
                <caption class="visually-hidden">Management packs in this site</caption>
                <thead>
                  <tr>
                    <th scope="col">Pack</th>
                    <th scope="col">ID</th>
                    <th scope="col">Version</th>
                    <th scope="col">Target</th>
                    <th scope="col">Alerts</th>
                  </tr>
                </thead>
                <xsl:text>&#10;</xsl:text>
                <tbody>
                  <xsl:text>&#10;</xsl:text>
                  <xsl:apply-templates select="pack"/>
                </tbody>
              </table>
            </section>
            <xsl:text>&#10;</xsl:text>
          </main>
          <xsl:text>&#10;</xsl:text>
          <xsl:call-template name="footer"/>
          <script src="assets/scomc.js"></script>
          <xsl:text>&#10;</xsl:text>
        </body>
        <xsl:text>&#10;</xsl:text>
      </html>
    </page>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="pack">
    <tr>
      <td>
        <a href="{@href}"><xsl:value-of select="@name"/></a>
        <xsl:if test="normalize-space(description) != ''">
          <span class="desc"><xsl:value-of select="description"/></span>
        </xsl:if>
      </td>
      <td><code><xsl:value-of select="@id"/></code></td>
      <td><xsl:value-of select="@version"/></td>
      <td>
        <xsl:call-template name="target-name">
          <xsl:with-param name="target" select="string(@target)"/>
        </xsl:call-template>
      </td>
      <td><xsl:value-of select="format-number(@alerts, '#,##0')"/></td>
    </tr>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <!-- "1 alert", "50,000 alerts". -->
  <xsl:template name="counted">
    <xsl:param name="n"/>
    <xsl:param name="one"/>
    <xsl:param name="many"/>
    <xsl:value-of select="format-number($n, '#,##0')"/>
    <xsl:text> </xsl:text>
    <xsl:choose>
      <xsl:when test="$n = 1"><xsl:value-of select="$one"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$many"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
