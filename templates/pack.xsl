<?xml version="1.0" encoding="UTF-8"?>
<!--
  pack.xsl: the resolved model of ONE pack (docs/model.md, root <pack>) to
  the HTML pages of that pack, returned as one XML document:

    <pages>
      <page href="index.html"><html>…</html></page>          the pack index
      <page href="NAME.html"><html>…</html></page>           one per <alert>
    </pages>

  The C side writes each <page>'s <html> to PACKID/@href after
  "<!DOCTYPE html>", with xmlSaveTree() and XML_SAVE_XHTML, so that empty
  elements such as <script src=…></script> and <td></td> are not written
  self-closed. Assets are linked as ../assets/scomc.css and
  ../assets/scomc.js; the home page is ../index.html.

  Parameters: generator (common.xsl); changes-href and changes-baseline
  (the page of changes since a previous version, linked from the index);
  part and alert-count, with which the
  C side renders one page at a time (render_html.c):

    part=''       (default) every page, as above (xsltproc, tests/templates);
    part='index'  the pack index only, with an XML comment 'rows' in place
                  of the table rows; alert-count gives "N of N alerts";
    part='pages'  for every <alert> of the input (the C side passes a copy of
                  the pack holding one alert), its page, then
                  <row>…</row> holding its index row.

  Cost is linear in the model size: every alert is visited once for its
  index row and once for its page; no axis scans, no keys, no counting per
  alert.
  All model text is data: it is written with xsl:value-of / attribute value
  templates only, never with disable-output-escaping.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:include href="common.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <!-- Containers of elements only; <para> and inline elements keep their
       whitespace (it separates words). -->
  <xsl:strip-space elements="pack defaults alert monitor event intro knowledge section list item suppress parameters filter any all not reset alert-settings"/>

  <xsl:param name="part" select="''"/>
  <xsl:param name="alert-count" select="count(/pack/alert | /pack/monitor)"/>
  <!-- With scomc's baseline option: the page of changes since the previous
       version (changes.xsl), linked from the pack index. -->
  <xsl:param name="changes-href" select="''"/>
  <xsl:param name="changes-baseline" select="''"/>

  <xsl:variable name="pack-name" select="normalize-space(/pack/name)"/>

  <!-- The footer of every alert page, made once per transform and copied:
       the C side renders a batch of pages per transform, and a call with
       parameters per page costs more than the copy. -->
  <xsl:variable name="footer">
    <xsl:call-template name="footer">
      <xsl:with-param name="pack-id" select="string(/pack/@id)"/>
      <xsl:with-param name="pack-version" select="string(/pack/@version)"/>
    </xsl:call-template>
  </xsl:variable>

  <!-- pack/@language (Microsoft language-pack code) to a BCP 47 tag. -->
  <xsl:variable name="lang">
    <xsl:variable name="code" select="string(/pack/@language)"/>
    <xsl:choose>
      <xsl:when test="$code = 'ENU'">en</xsl:when>
      <xsl:when test="$code = 'DEU'">de</xsl:when>
      <xsl:when test="$code = 'FRA'">fr</xsl:when>
      <xsl:when test="$code = 'JPN'">ja</xsl:when>
      <xsl:when test="$code = 'ESN'">es</xsl:when>
      <xsl:when test="$code = 'ITA'">it</xsl:when>
      <xsl:when test="$code = 'PTB'">pt-BR</xsl:when>
      <xsl:when test="$code = 'PTG'">pt-PT</xsl:when>
      <xsl:when test="$code = 'CHS'">zh-Hans</xsl:when>
      <xsl:when test="$code = 'CHT'">zh-Hant</xsl:when>
      <xsl:when test="$code = 'KOR'">ko</xsl:when>
      <xsl:when test="$code = 'RUS'">ru</xsl:when>
      <xsl:when test="$code = 'NLD'">nl</xsl:when>
      <xsl:when test="$code = 'SVE'">sv</xsl:when>
      <xsl:when test="$code = 'PLK'">pl</xsl:when>
      <xsl:when test="$code = 'TRK'">tr</xsl:when>
      <xsl:when test="$code = 'CSY'">cs</xsl:when>
      <xsl:otherwise>en</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <xsl:template match="/">
    <xsl:if test="not(pack)">
      <xsl:message terminate="yes">pack.xsl: the input root must be &lt;pack&gt;</xsl:message>
    </xsl:if>
    <pages>
      <xsl:text>&#10;</xsl:text>
      <xsl:if test="$part = '' or $part = 'index'">
        <xsl:apply-templates select="pack" mode="index-page"/>
      </xsl:if>
      <xsl:if test="$part = '' or $part = 'pages'">
        <xsl:apply-templates select="pack/alert | pack/monitor" mode="alert-page"/>
      </xsl:if>
    </pages>
  </xsl:template>

  <!-- ===================== pack index: index.html ===================== -->

  <xsl:template match="pack" mode="index-page">
    <xsl:variable name="total" select="number($alert-count)"/>
    <page href="index.html">
      <html lang="{$lang}">
        <xsl:text>&#10;</xsl:text>
        <xsl:call-template name="head">
          <xsl:with-param name="title" select="concat($pack-name, ' – alerts')"/>
          <xsl:with-param name="assets" select="'../'"/>
        </xsl:call-template>
        <body class="index-page wide">
          <xsl:text>&#10;</xsl:text>
          <xsl:call-template name="skip-link"/>
          <header class="site-header">
            <nav class="crumbs" aria-label="Breadcrumb">
              <ol>
                <li><a href="../index.html">All packs</a></li>
                <li aria-current="page"><xsl:value-of select="$pack-name"/></li>
              </ol>
            </nav>
          </header>
          <xsl:text>&#10;</xsl:text>
          <main id="main">
            <xsl:text>&#10;</xsl:text>
            <h1><xsl:value-of select="$pack-name"/></h1>
            <xsl:text>&#10;</xsl:text>
            <xsl:if test="normalize-space(description) != ''">
              <p class="lead"><xsl:value-of select="description"/></p>
              <xsl:text>&#10;</xsl:text>
            </xsl:if>
            <dl class="meta">
              <div><dt>Management pack</dt><dd><code><xsl:value-of select="@id"/></code></dd></div>
              <div><dt>Version</dt><dd><xsl:value-of select="@version"/></dd></div>
              <div>
                <dt>Target</dt>
                <dd>
                  <xsl:call-template name="target-name">
                    <xsl:with-param name="target" select="concat(@target, substring('2007r2', 1, 6 * not(@target)))"/>
                  </xsl:call-template>
                </dd>
              </div>
              <xsl:if test="normalize-space(modified) != ''">
                <div><dt>Last modified</dt><dd><xsl:value-of select="modified"/></dd></div>
              </xsl:if>
            </dl>
            <xsl:text>&#10;</xsl:text>
            <xsl:if test="string($changes-href) != ''">
              <p class="changes">
                <a href="{$changes-href}">What changed in version <xsl:value-of select="@version"/></a>
                <xsl:text> since version </xsl:text>
                <xsl:value-of select="$changes-baseline"/>
              </p>
              <xsl:text>&#10;</xsl:text>
            </xsl:if>
            <form class="filter" role="search" hidden="hidden">
              <label for="filter">Filter alerts</label>
              <input type="search" id="filter" name="q" autocomplete="off"
                     spellcheck="false" aria-controls="alerts"
                     aria-describedby="count"
                     placeholder="Event ID, source, type, title or path"/>
            </form>
            <xsl:text>&#10;</xsl:text>
            <p id="count" class="count" aria-live="polite">
              <xsl:call-template name="count-text">
                <xsl:with-param name="shown" select="$total"/>
                <xsl:with-param name="total" select="$total"/>
              </xsl:call-template>
            </p>
            <xsl:text>&#10;</xsl:text>
            <table id="alerts" class="list cards">
              <caption class="visually-hidden">Alerts in this management pack</caption>
              <thead>
                <tr>
                  <th scope="col">Event ID</th>
                  <th scope="col">Source</th>
                  <th scope="col">Type</th>
                  <th scope="col">Title</th>
                  <th scope="col">Rule Path</th>
                </tr>
              </thead>
              <xsl:text>&#10;</xsl:text>
              <tbody>
                <xsl:text>&#10;</xsl:text>
                <xsl:choose>
                  <xsl:when test="$part = 'index'"><xsl:comment>rows</xsl:comment></xsl:when>
                  <xsl:otherwise>
                    <xsl:apply-templates select="alert | monitor" mode="index-row"/>
                  </xsl:otherwise>
                </xsl:choose>
              </tbody>
            </table>
            <xsl:text>&#10;</xsl:text>
          </main>
          <xsl:text>&#10;</xsl:text>
          <xsl:call-template name="footer">
            <xsl:with-param name="pack-id" select="string(/pack/@id)"/>
            <xsl:with-param name="pack-version" select="string(/pack/@version)"/>
          </xsl:call-template>
          <script src="../assets/scomc.js"></script>
          <xsl:text>&#10;</xsl:text>
        </body>
        <xsl:text>&#10;</xsl:text>
      </html>
    </page>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <!-- "N of M alerts"; scomc.js writes the same words when filtering. -->
  <xsl:template name="count-text">
    <xsl:param name="shown"/>
    <xsl:param name="total"/>
    <xsl:value-of select="concat(format-number($shown, '#,##0'), ' of ', format-number($total, '#,##0'))"/>
    <xsl:choose>
      <xsl:when test="$total = 1"> alert</xsl:when>
      <xsl:otherwise> alerts</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A monitor's row shows its health state where an alert shows its
       type, marked "monitor". -->
  <xsl:template match="alert | monitor" mode="index-row">
    <tr>
      <td><xsl:apply-templates select="event" mode="text"/></td>
      <td><xsl:apply-templates select="source" mode="text"/></td>
      <td>
        <xsl:apply-templates select="type | state" mode="badge"/>
        <xsl:if test="self::monitor"><xsl:text> </xsl:text><span class="badge">monitor</span></xsl:if>
      </td>
      <td>
        <a href="{@name}.html"><xsl:value-of select="title"/></a>
        <xsl:if test="@enabled = 'false'">
          <xsl:text> </xsl:text>
          <span class="badge">disabled</span>
        </xsl:if>
      </td>
      <td><xsl:value-of select="path"/></td>
    </tr>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <!-- ===================== alert page: NAME.html ====================== -->

  <xsl:template match="alert | monitor" mode="alert-page">
    <xsl:variable name="title" select="normalize-space(title)"/>
    <page href="{@name}.html">
      <html lang="{$lang}">
        <xsl:text>&#10;</xsl:text>
        <xsl:call-template name="head">
          <xsl:with-param name="title" select="concat($title, ' – ', $pack-name)"/>
          <xsl:with-param name="assets" select="'../'"/>
        </xsl:call-template>
        <body class="alert-page">
          <xsl:text>&#10;</xsl:text>
          <xsl:call-template name="skip-link"/>
          <header class="site-header">
            <nav class="crumbs" aria-label="Breadcrumb">
              <ol>
                <li><a href="../index.html">All packs</a></li>
                <li><a href="index.html"><xsl:value-of select="$pack-name"/></a></li>
                <li aria-current="page"><xsl:value-of select="$title"/></li>
              </ol>
            </nav>
          </header>
          <xsl:text>&#10;</xsl:text>
          <main id="main">
            <xsl:text>&#10;</xsl:text>
            <article>
              <xsl:text>&#10;</xsl:text>
              <h1><xsl:value-of select="$title"/></h1>
              <xsl:text>&#10;</xsl:text>
              <xsl:if test="normalize-space(modified) != ''">
                <p class="modified">Topic Last Modified: <xsl:value-of select="normalize-space(modified)"/></p>
                <xsl:text>&#10;</xsl:text>
              </xsl:if>
              <xsl:if test="@enabled = 'false'">
                <p class="note">
                  <xsl:choose>
                    <xsl:when test="self::monitor">This monitor is disabled by default in the management pack.</xsl:when>
                    <xsl:otherwise>This rule is disabled by default in the management pack.</xsl:otherwise>
                  </xsl:choose>
                </p>
                <xsl:text>&#10;</xsl:text>
              </xsl:if>
              <xsl:apply-templates select="intro/*" mode="block"/>
              <xsl:apply-templates select="." mode="details"/>
              <xsl:apply-templates select="parameters[param]" mode="legend"/>
              <xsl:apply-templates select="knowledge/section" mode="section"/>
            </article>
            <xsl:text>&#10;</xsl:text>
          </main>
          <xsl:text>&#10;</xsl:text>
          <xsl:copy-of select="$footer"/>
        </body>
        <xsl:text>&#10;</xsl:text>
      </html>
    </page>
    <xsl:text>&#10;</xsl:text>
    <xsl:if test="$part = 'pages'">
      <row><xsl:apply-templates select="." mode="index-row"/></row>
    </xsl:if>
  </xsl:template>

  <!-- The Details table: labels and order of the Exchange 2007 MP pages. -->
  <xsl:template match="alert" mode="details">
    <section class="details" aria-labelledby="details">
      <h2 id="details">Details</h2>
      <table class="details">
        <tbody>
          <tr>
            <th scope="row">Product Name</th>
            <td>
              <xsl:choose>
                <xsl:when test="normalize-space(product) != ''"><xsl:value-of select="product"/></xsl:when>
                <xsl:otherwise><span class="none">Not specified</span></xsl:otherwise>
              </xsl:choose>
            </td>
          </tr>
          <tr>
            <th scope="row">Product Version</th>
            <td>
              <xsl:choose>
                <xsl:when test="normalize-space(product-version) != ''"><xsl:value-of select="product-version"/></xsl:when>
                <xsl:otherwise><span class="none">Not specified</span></xsl:otherwise>
              </xsl:choose>
            </td>
          </tr>
          <tr>
            <th scope="row">Event ID</th>
            <td><xsl:apply-templates select="event" mode="text"/></td>
          </tr>
          <tr>
            <th scope="row">Event Source</th>
            <td><xsl:apply-templates select="source" mode="text"/></td>
          </tr>
          <xsl:if test="filter">
            <tr>
              <th scope="row">Event Filter</th>
              <td><xsl:apply-templates select="filter" mode="text"/></td>
            </tr>
          </xsl:if>
          <tr>
            <th scope="row">Alert Type</th>
            <td><xsl:apply-templates select="type" mode="badge"/></td>
          </tr>
          <tr>
            <th scope="row">MOM Rule Path</th>
            <td>
              <xsl:choose>
                <xsl:when test="normalize-space(path) != ''"><xsl:value-of select="path"/></xsl:when>
                <xsl:otherwise><span class="none">Not specified</span></xsl:otherwise>
              </xsl:choose>
            </td>
          </tr>
          <tr>
            <th scope="row">MOM Rule Name</th>
            <td>
              <xsl:choose>
                <xsl:when test="normalize-space(rule) != ''"><xsl:value-of select="rule"/></xsl:when>
                <xsl:otherwise><span class="none">Not specified</span></xsl:otherwise>
              </xsl:choose>
            </td>
          </tr>
          <!-- The alert text as written, unless it is the default (the
               event's own description). -->
          <xsl:if test="description and string(description) != '{description}'">
            <tr>
              <th scope="row">Alert Description</th>
              <td><xsl:value-of select="description"/></td>
            </tr>
          </xsl:if>
        </tbody>
      </table>
    </section>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <!-- A monitor's Details: the same first rows as an alert's, then what
       sets and resets its health state, where it rolls up, and its alert. -->
  <xsl:template match="monitor" mode="details">
    <section class="details" aria-labelledby="details">
      <h2 id="details">Details</h2>
      <table class="details">
        <tbody>
          <xsl:call-template name="detail-row">
            <xsl:with-param name="label" select="'Product Name'"/>
            <xsl:with-param name="value" select="product"/>
          </xsl:call-template>
          <xsl:call-template name="detail-row">
            <xsl:with-param name="label" select="'Product Version'"/>
            <xsl:with-param name="value" select="product-version"/>
          </xsl:call-template>
          <tr>
            <th scope="row">Event ID</th>
            <td><xsl:apply-templates select="event" mode="text"/></td>
          </tr>
          <tr>
            <th scope="row">Event Source</th>
            <td><xsl:apply-templates select="source" mode="text"/></td>
          </tr>
          <tr>
            <th scope="row">Event Log</th>
            <td><xsl:value-of select="log"/></td>
          </tr>
          <xsl:if test="filter">
            <tr>
              <th scope="row">Event Filter</th>
              <td><xsl:apply-templates select="filter" mode="text"/></td>
            </tr>
          </xsl:if>
          <xsl:if test="repeat">
            <tr>
              <th scope="row">Repeated Event</th>
              <td>
                <xsl:value-of select="concat(repeat/@count, ' events within ')"/>
                <xsl:call-template name="seconds">
                  <xsl:with-param name="n" select="number(repeat/@within)"/>
                </xsl:call-template>
              </td>
            </tr>
          </xsl:if>
          <tr>
            <th scope="row">Health State</th>
            <td><xsl:apply-templates select="state" mode="badge"/></td>
          </tr>
          <tr>
            <th scope="row">Reset</th>
            <td><xsl:apply-templates select="reset" mode="text"/></td>
          </tr>
          <tr>
            <th scope="row">Rollup</th>
            <td>
              <xsl:value-of select="concat(translate(substring(parent, 1, 1), 'acps', 'ACPS'), substring(parent, 2))"/>
              <xsl:text> (</xsl:text>
              <code><xsl:value-of select="concat('System.Health.', translate(substring(parent, 1, 1), 'acps', 'ACPS'), substring(parent, 2), 'State')"/></code>
              <xsl:text>)</xsl:text>
            </td>
          </tr>
          <tr>
            <th scope="row">Monitor Type</th>
            <td><code><xsl:apply-templates select="." mode="monitor-type"/></code></td>
          </tr>
          <tr>
            <th scope="row">Alert</th>
            <td><xsl:apply-templates select="." mode="alert-text"/></td>
          </tr>
          <xsl:if test="alert-settings">
            <xsl:call-template name="detail-row">
              <xsl:with-param name="label" select="'Alert Name'"/>
              <xsl:with-param name="value" select="alert-settings/title"/>
            </xsl:call-template>
            <xsl:if test="string(alert-settings/description) != '{description}'">
              <tr>
                <th scope="row">Alert Description</th>
                <td><xsl:value-of select="alert-settings/description"/></td>
              </tr>
            </xsl:if>
          </xsl:if>
          <xsl:call-template name="detail-row">
            <xsl:with-param name="label" select="'Monitor Path'"/>
            <xsl:with-param name="value" select="path"/>
          </xsl:call-template>
          <xsl:call-template name="detail-row">
            <xsl:with-param name="label" select="'Monitor Name'"/>
            <xsl:with-param name="value" select="title"/>
          </xsl:call-template>
        </tbody>
      </table>
    </section>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <!-- How the monitor becomes healthy again. -->
  <xsl:template match="reset[@kind = 'event']" mode="text">
    <xsl:text>healthy again on event </xsl:text>
    <xsl:apply-templates select="event" mode="text"/>
    <xsl:text> from </xsl:text>
    <xsl:apply-templates select="source" mode="text"/>
    <xsl:value-of select="concat(' in ', log)"/>
    <xsl:if test="filter">
      <xsl:text> where </xsl:text>
      <xsl:apply-templates select="filter" mode="text"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="reset[@kind = 'timer']" mode="text">
    <xsl:text>healthy again after </xsl:text>
    <xsl:call-template name="seconds">
      <xsl:with-param name="n" select="number(@seconds)"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="reset" mode="text">
    <xsl:text>manual: an operator resets the health state</xsl:text>
  </xsl:template>

  <!-- "7200 seconds (2 hours)"; whole minutes, hours or days only. -->
  <xsl:template name="seconds">
    <xsl:param name="n"/>
    <xsl:value-of select="concat(format-number($n, '#,##0'), ' seconds')"/>
    <xsl:choose>
      <xsl:when test="$n mod 86400 = 0"><xsl:value-of select="concat(' (', $n div 86400, ' d)')"/></xsl:when>
      <xsl:when test="$n mod 3600 = 0"><xsl:value-of select="concat(' (', $n div 3600, ' h)')"/></xsl:when>
      <xsl:when test="$n mod 60 = 0"><xsl:value-of select="concat(' (', $n div 60, ' min)')"/></xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- The monitor type emit_monitor.c writes for this reset and repeat. -->
  <xsl:template match="monitor" mode="monitor-type">
    <xsl:text>Microsoft.Windows.</xsl:text>
    <xsl:choose>
      <xsl:when test="repeat and reset/@kind = 'timer'">RepeatedEventLogTimer2StateMonitorType</xsl:when>
      <xsl:when test="repeat">RepeatedEventLogManualReset2StateMonitorType</xsl:when>
      <xsl:when test="reset/@kind = 'event'">2SingleEventLog2StateMonitorType</xsl:when>
      <xsl:when test="reset/@kind = 'timer'">SingleEventLogTimer2StateMonitorType</xsl:when>
      <xsl:otherwise>SingleEventLogManualReset2StateMonitorType</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="monitor" mode="alert-text">
    <xsl:variable name="a" select="alert-settings"/>
    <xsl:choose>
      <xsl:when test="not($a)">none: the monitor changes health state without raising an alert</xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="concat('raised on ', state, ', priority ', $a/priority, ', severity ')"/>
        <xsl:choose>
          <xsl:when test="$a/severity = 'match'">matches the health state</xsl:when>
          <xsl:otherwise><xsl:value-of select="$a/severity"/></xsl:otherwise>
        </xsl:choose>
        <xsl:choose>
          <xsl:when test="$a/auto-resolve = 'false'">; closed by an operator</xsl:when>
          <xsl:otherwise>; resolved when the monitor is healthy again</xsl:otherwise>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="detail-row">
    <xsl:param name="label"/>
    <xsl:param name="value"/>
    <tr>
      <th scope="row"><xsl:value-of select="$label"/></th>
      <td>
        <xsl:choose>
          <xsl:when test="normalize-space($value) != ''">
            <xsl:value-of select="$value"/>
          </xsl:when>
          <xsl:otherwise><span class="none">Not specified</span></xsl:otherwise>
        </xsl:choose>
      </td>
    </tr>
  </xsl:template>

  <!-- The parameter legend: what %1, %2 … of the event hold, in the order
       written (the MAML article has the same table). -->
  <xsl:template match="parameters" mode="legend">
    <section class="parameters" aria-labelledby="parameters">
      <h2 id="parameters">Parameters</h2>
      <table class="details">
        <tbody>
          <xsl:for-each select="param">
            <tr>
              <th scope="row"><xsl:value-of select="concat('%', @n)"/></th>
              <td><xsl:value-of select="."/></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </section>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <!-- Knowledge sections are numbered for their heading ids (k1, k2, …). -->
  <xsl:template match="section" mode="section">
    <section aria-labelledby="k{position()}">
      <h2 id="k{position()}"><xsl:value-of select="@title"/></h2>
      <xsl:text>&#10;</xsl:text>
      <xsl:apply-templates select="*" mode="block"/>
    </section>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <!-- ============================ values ============================== -->

  <!-- <event>: ids and ranges in model order, "1, 2, 5–7". -->
  <xsl:template match="event" mode="text">
    <xsl:for-each select="*">
      <xsl:if test="position() != 1">, </xsl:if>
      <xsl:choose>
        <xsl:when test="self::range">
          <xsl:value-of select="concat(normalize-space(@from), '–', normalize-space(@to))"/>
        </xsl:when>
        <xsl:otherwise><xsl:value-of select="normalize-space(.)"/></xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <!-- <source> as written: "MSExchange*", "contains Exchange". -->
  <xsl:template match="source" mode="text">
    <xsl:if test="@match"><xsl:value-of select="concat(@match, ' ')"/></xsl:if>
    <xsl:value-of select="."/>
  </xsl:template>

  <!-- A filter as one line: its conditions joined by "and"; groups in
       parentheses ("any" joins with "or"), "not" in front. -->
  <xsl:template match="filter | all" mode="text">
    <xsl:for-each select="*">
      <xsl:if test="position() != 1"> and </xsl:if>
      <xsl:apply-templates select="." mode="condition"/>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="any" mode="text">
    <xsl:for-each select="*">
      <xsl:if test="position() != 1"> or </xsl:if>
      <xsl:apply-templates select="." mode="condition"/>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="any | all" mode="condition">
    <xsl:text>(</xsl:text>
    <xsl:apply-templates select="." mode="text"/>
    <xsl:text>)</xsl:text>
  </xsl:template>

  <xsl:template match="not" mode="condition">
    <xsl:text>not (</xsl:text>
    <xsl:apply-templates select="." mode="text-all"/>
    <xsl:text>)</xsl:text>
  </xsl:template>

  <xsl:template match="not" mode="text-all">
    <xsl:for-each select="*">
      <xsl:if test="position() != 1"> and </xsl:if>
      <xsl:apply-templates select="." mode="condition"/>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="level" mode="condition">
    <xsl:value-of select="concat('level is ', .)"/>
  </xsl:template>

  <xsl:template match="param" mode="condition">
    <xsl:value-of select="concat('parameter %', @n, ' ', translate(@op, '-', ' '), ' &quot;', ., '&quot;')"/>
  </xsl:template>

  <xsl:template match="*" mode="condition">
    <xsl:value-of select="concat(local-name(), ' ', translate(@op, '-', ' '), ' &quot;', ., '&quot;')"/>
  </xsl:template>

  <!-- Alert type (or a monitor's health state) as a badge; the class is
       the type folded to [a-z-]. -->
  <xsl:template match="type | state" mode="badge">
    <span class="type type-{translate(normalize-space(.), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ ', 'abcdefghijklmnopqrstuvwxyz-')}">
      <xsl:value-of select="normalize-space(.)"/>
    </span>
  </xsl:template>

  <!-- ============================ BLOCKS =============================== -->

  <xsl:template match="para" mode="block">
    <p><xsl:apply-templates mode="inline"/></p>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="list[@kind = 'numbered']" mode="block">
    <ol>
      <xsl:text>&#10;</xsl:text>
      <xsl:apply-templates select="item" mode="block"/>
    </ol>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="list" mode="block">
    <ul>
      <xsl:text>&#10;</xsl:text>
      <xsl:apply-templates select="item" mode="block"/>
    </ul>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <!-- An item holding one paragraph is written tight: <li>text</li>. -->
  <xsl:template match="item" mode="block">
    <li>
      <xsl:choose>
        <xsl:when test="count(*) = 1 and para">
          <xsl:apply-templates select="para/node()" mode="inline"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates select="*" mode="block"/>
        </xsl:otherwise>
      </xsl:choose>
    </li>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <!-- Anything else in block position: its text, as a paragraph. -->
  <xsl:template match="*" mode="block">
    <p><xsl:apply-templates mode="inline"/></p>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="b" mode="inline">
    <strong><xsl:apply-templates mode="inline"/></strong>
  </xsl:template>

  <xsl:template match="i" mode="inline">
    <em><xsl:apply-templates mode="inline"/></em>
  </xsl:template>

  <xsl:template match="code" mode="inline">
    <code><xsl:apply-templates mode="inline"/></code>
  </xsl:template>

  <xsl:template match="link" mode="inline">
    <a href="{@href}"><xsl:apply-templates mode="inline"/></a>
  </xsl:template>

  <!-- Unknown inline elements: their text only (text() uses the built-in
       rule, which copies it as escaped text). -->
  <xsl:template match="*" mode="inline">
    <xsl:apply-templates mode="inline"/>
  </xsl:template>

</xsl:stylesheet>
