#!/usr/bin/env python3
"""Writes the fixtures of tests/roundtrip (MP XML of our own, one rule per
form that .alert states; see run.sh). The output is committed; run it again
only to change the fixtures:

    python3 tests/roundtrip/make-fixtures.py tests/roundtrip tests/diff/Diff.Pack.xml
"""
import sys
def query(q, qt):
    qa = f' Type="{qt}"' if qt else ''
    return f'<ValueExpression>\n<XPathQuery{qa}>{q}</XPathQuery>\n</ValueExpression>'
def simple(q, qt, op, v, vt):
    va = f' Type="{vt}"' if vt else ''
    return f'<SimpleExpression>\n{query(q, qt)}\n<Operator>{op}</Operator>\n<ValueExpression>\n<Value{va}>{v}</Value>\n</ValueExpression>\n</SimpleExpression>'
def regex(q, qt, op, pat):
    return f'<RegExExpression>\n{query(q, qt)}\n<Operator>{op}</Operator>\n<Pattern>{pat}</Pattern>\n</RegExExpression>'
def group(kind, *items):
    return f'<{kind}>\n' + ''.join(f'<Expression>\n{i}\n</Expression>\n' for i in items) + f'</{kind}>'
def pretty(x):
    # indent a flat XML fragment by nesting
    out=[]; d=0
    for line in x.split('\n'):
        l=line.strip()
        if not l: continue
        if l.startswith('</'): d-=1
        out.append('  '*d + l)
        if l.startswith('<') and not l.startswith('</') and not l.endswith('/>') and '</' not in l and not l.startswith('<?'):
            d+=1
    return out
def ev(n, typed=(True, True)):
    return simple('EventDisplayNumber', 'UnsignedInteger' if typed[0] else None, 'Equal', str(n), 'UnsignedInteger' if typed[1] else None)
def src(name, typed=(True, True)):
    return simple('PublisherName', 'String' if typed[0] else None, 'Equal', name, 'String' if typed[1] else None)

def rule(rid, target, expr, *, ds_runas=None, wa_runas=None, computer='host', log='Application',
         sev=1, prio=1, supp='default', cat='Alert', attrs='ConfirmDelivery="true" Remotable="true" Priority="Normal" DiscardLevel="100"',
         ds_alias='Windows', health='Health', params=('$Data/EventDescription$',)):
    C = {'host': f'$Target/Host/Property[Type="{ds_alias}!Microsoft.Windows.Computer"]/NetworkName$',
         'target': f'$Target/Property[Type="{ds_alias}!Microsoft.Windows.Computer"]/NetworkName$'}
    cn = '' if computer is None else f'<ComputerName>{C.get(computer, computer)}</ComputerName>'
    dr = f' RunAs="{ds_runas}"' if ds_runas else ''
    wr = f' RunAs="{wa_runas}"' if wa_runas else ''
    if supp == 'default':
        s = '<Suppression>\n<SuppressionValue>$Data/EventDisplayNumber$</SuppressionValue>\n<SuppressionValue>$Data/PublisherName$</SuppressionValue>\n</Suppression>'
    elif supp is None:
        s = ''
    else:
        s = supp
    x = f'''<Rule ID="{rid}" Enabled="true" Target="{target}" {attrs}>
<Category>{cat}</Category>
<DataSources>
<DataSource ID="DS" TypeID="{ds_alias}!Microsoft.Windows.EventProvider"{dr}>
{cn}
<LogName>{log}</LogName>
<Expression>
{expr}
</Expression>
</DataSource>
</DataSources>
<WriteActions>
<WriteAction ID="Alert" TypeID="{health}!System.Health.GenerateAlert"{wr}>
<Priority>{prio}</Priority>
<Severity>{sev}</Severity>
<AlertName/>
<AlertDescription/>
<AlertOwner/>
<AlertMessageId>$MPElement[Name="{rid}.AlertMessage"]$</AlertMessageId>
<AlertParameters>
{''.join(f'<AlertParameter{i}>{v}</AlertParameter{i}>' + chr(10) for i, v in enumerate(params, 1))}</AlertParameters>
{s}
''' + ''.join(f'<Custom{i}/>\n' for i in range(1, 11)) + '''</WriteAction>
</WriteActions>
</Rule>'''
    return x

def displays(rid, name, desc=None, text='{0}'):
    d = f'\n<Description>{desc}</Description>' if desc else ''
    return f'''<DisplayString ElementID="{rid}">
<Name>{name}</Name>{d}
</DisplayString>
<DisplayString ElementID="{rid}.AlertMessage">
<Name>{name}</Name>
<Description>{text}</Description>
</DisplayString>'''

def article(rid, text):
    return f'''<KnowledgeArticle ElementID="{rid}" Visible="true">
<MamlContent>
<maml:section xmlns:maml="http://schemas.microsoft.com/maml/2004/10">
<maml:title>Summary</maml:title>
<maml:para>{text}</maml:para>
</maml:section>
</MamlContent>
</KnowledgeArticle>'''

def ref(alias, id_, ver, key='31bf3856ad364e35'):
    return f'''<Reference Alias="{alias}">
<ID>{id_}</ID>
<Version>{ver}</Version>
<PublicKeyToken>{key}</PublicKeyToken>
</Reference>'''

def pack(pid, schema2, mname, dname, refs, rules, disp, arts, typedefs='', extra_monitoring_before='', extra_monitoring_after='', comment=''):
    sv = ' SchemaVersion="2.0"' if schema2 else ''
    x = f'''<?xml version="1.0" encoding="utf-8"?>
<!-- {comment} -->
<ManagementPack ContentReadable="true"{sv} xmlns:xsd="http://www.w3.org/2001/XMLSchema">
<Manifest>
<Identity>
<ID>{pid}</ID>
<Version>1.0.0.0</Version>
</Identity>
<Name>{mname}</Name>
<References>
{chr(10).join(refs)}
</References>
</Manifest>
{typedefs}
<Monitoring>
{extra_monitoring_before}
<Rules>
{chr(10).join(r[1] for r in rules)}
</Rules>
{extra_monitoring_after}
</Monitoring>
<Presentation>
<StringResources>
''' + ''.join(f'<StringResource ID="{r[0]}.AlertMessage"/>\n' for r in rules) + f'''</StringResources>
</Presentation>
<LanguagePacks>
<LanguagePack ID="ENU" IsDefault="true">
<DisplayStrings>
<DisplayString ElementID="{pid}">
<Name>{dname}</Name>
</DisplayString>
{chr(10).join(disp)}
</DisplayStrings>
<KnowledgeArticles>
{chr(10).join(arts)}
</KnowledgeArticles>
</LanguagePack>
</LanguagePacks>
</ManagementPack>
'''
    return '\n'.join(pretty(x)) + '\n'

def forms(pid, schema2):
    v2 = schema2
    wv, hv = ('7.5.8501.0', '7.0.8427.0') if v2 else ('6.1.7221.0', '6.1.7221.0')
    # pack level: Windows library at another version, Health under its own alias, a Manifest name
    W, H = 'Windows', ('HealthLib' if v2 else 'Health')
    refs = [ref(W, 'Microsoft.Windows.Library', '6.0.5000.0' if not v2 else '7.0.8560.0'),
            ref(H, 'System.Health.Library', hv),
            ref('SQL', 'Microsoft.SQLServer.Library', '6.0.6000.0'),
            ref('System', 'System.Library', '6.0.5000.0' if not v2 else '7.0.8427.0')]
    T = f'{W}!Microsoft.Windows.Computer'
    SQLT = 'SQL!Microsoft.SQLServer.DBEngine'
    P = lambda n: f'{pid}.{n}.Rule'
    e = lambda n, t=(True, True): ev(n, t)
    s = lambda t=(True, True): src('ContosoApp', t)
    rules = []
    def add(name, expr, **kw):
        kw.setdefault('ds_alias', W); kw.setdefault('health', H)
        rules.append((P(name), rule(P(name), kw.pop('target', T), expr, **kw), name))
    add('RunAsSource', group('And', e(100), s()), ds_runas='SQL!Microsoft.SQLServer.SQLDefaultAccount', computer='target')
    add('RunAsAlert', group('And', e(101), s()), wa_runas='SQL!Microsoft.SQLServer.SQLDefaultAccount', computer='target')
    add('RunAsBoth', group('And', e(102), s()), ds_runas='SQL!Microsoft.SQLServer.MonitoringAccount',
        wa_runas='SQL!Microsoft.SQLServer.SQLDefaultAccount', computer='target')
    add('SuppressEmpty', group('And', e(110), s()), supp='<Suppression/>', computer='target')
    add('SuppressEmptyValue', group('And', e(111), s()), supp='<Suppression>\n<SuppressionValue/>\n</Suppression>', computer='target')
    add('SuppressParams', group('And', e(112), s()), computer='target',
        supp='<Suppression>\n<SuppressionValue>$Data/Params/Param[1]$</SuppressionValue>\n<SuppressionValue>$Data/EventDisplayNumber$</SuppressionValue>\n<SuppressionValue>$Data/Property[@Name=\'Instance\']$</SuppressionValue>\n<SuppressionValue>$Target/Property[Type="SQL!Microsoft.SQLServer.DBEngine"]/InstanceName$</SuppressionValue>\n</Suppression>')
    add('SuppressAbsent', group('And', e(113), s()), supp=None, computer='target')
    add('ComputerHost', group('And', e(120), s()), computer='host')
    add('ComputerTarget', group('And', e(121), s()), target=SQLT, computer='target')
    add('ComputerHostHost', group('And', e(122), s()), target=SQLT,
        computer=f'$Target/Host/Host/Property[Type="{W}!Microsoft.Windows.Computer"]/NetworkName$')
    add('ComputerLiteral', group('And', e(123), s()), computer='.')
    add('ComputerAbsent', group('And', e(124), s()), computer=None)
    add('ComputerSql', group('And', e(125), s()), target=SQLT,
        computer='$Target/Host/Property[Type="SQL!Microsoft.SQLServer.ServerRole"]/PrincipalName$')
    add('OrderSourceFirst', group('And', s(), e(130)), computer='target')
    add('OrderFilterFirst', group('And', simple('Params/Param[1]', 'String', 'Equal', 'x', 'String'), e(131), s()), computer='target')
    add('OrderIdsSourceFirst', group('And', s(), group('Or', e(132), e(133)), simple('EventLevel', 'Integer', 'Equal', '1', 'Integer')), computer='target')
    add('TypesNone', group('And', e(140, (False, False)), s((False, False)),
                           regex('EventDescription', None, 'ContainsSubstring', 'timed out')), computer='target')
    add('TypesQuery', group('And', e(141, (True, False)), s((True, False)),
                           regex('EventDescription', 'String', 'ContainsSubstring', 'timed out')), computer='target')
    add('TypesValue', group('And', e(142, (False, True)), s((False, True))), computer='target')
    add('TypesMixed', group('And', e(143, (True, True)), s((False, True)),
                            simple('Params/Param[2]', None, 'NotEqual', 'y', 'String')), computer='target')
    add('TypesNamed', group('And', simple('EventDisplayNumber', 'Integer', 'Equal', '144', 'Integer'), s(),
                            regex('EventDescription', 'String', 'ContainsSubstring', 'timed out')), computer='target')
    add('ParamExpressions', group('And', e(145), s()), computer='target',
        params=('$Data/EventDescription$', f'$Target/Host/Property[Type="{W}!Microsoft.Windows.Computer"]/PrincipalName$',
                '$Data/EventLevel$', '$Target/Property[Type="SQL!Microsoft.SQLServer.DBEngine"]/InstanceName$'))
    add('AliasInFilter', group('And', e(150), s(),
        simple('Params/Param[1]', 'String', 'Equal', f'$Target/Property[Type="{SQLT}"]/InstanceName$', 'String'),
        regex('EventDescription', 'String', 'MatchesRegularExpression', '$Target/Host/Property[Type="System!System.Entity"]/DisplayName$')),
        target=SQLT, computer='host')
    add('Everything', group('And', s((False, False)), e(160, (False, False)),
        simple('Params/Param[1]', None, 'Equal', f'$Target/Property[Type="{SQLT}"]/InstanceName$', None)),
        target=SQLT, ds_runas='SQL!Microsoft.SQLServer.SQLDefaultAccount', computer=None,
        supp='<Suppression>\n<SuppressionValue/>\n</Suppression>')
    texts = {'ParamExpressions': '{0} on {1} (level {2}, instance {3})'}
    disp = [displays(r[0], r[2].replace('_', ' '), 'Rule in the ' + r[2] + ' form.' if i % 3 == 0 else None,
                     texts.get(r[2], '{0}')) for i, r in enumerate(rules)]
    arts = [article(r[0], 'The ' + r[2] + ' form.') for r in rules]
    return pack(pid, schema2, pid + ' (manifest name)', pid + ' forms', refs, rules, disp, arts,
                comment=f'tests/roundtrip: every rule form .alert states (schema {"2.0" if v2 else "1.0"}); decompile writes each as .alert, and the pack compiles back to the same.')

open(sys.argv[1] + '/RT.Forms10.xml', 'w').write(forms('RT.Forms10', False))
open(sys.argv[1] + '/RT.Forms20.xml', 'w').write(forms('RT.Forms20', True))

def app(out):
    src_ = open(sys.argv[2]).read().replace('Diff.Pack', 'RT.App')
    src_ = src_.replace('<!-- Fixture of tests/diff: a pack with every kind of element the diff compares. -->',
        '<!-- tests/roundtrip: classes, a discovery, event alert rules on the pack\'s own class in the forms .alert states (Run As of the pack\'s own profile, suppression, computer names, operand order, Type attributes), a collection rule, a monitor, an override, two languages. The event alerts decompile to .alert, the rest to the fragment. -->')
    # a Run As profile of the pack
    src_ = src_.replace('  </TypeDefinitions>', '''    <SecureReferences>
      <SecureReference ID="RT.App.Account" Accessibility="Public" Context="Windows!Microsoft.Windows.Computer"/>
      <SecureReference ID="Legacy_Account" Accessibility="Public" Context="Windows!Microsoft.Windows.Computer"/>
    </SecureReferences>
  </TypeDefinitions>''', 1)
    T = 'RT.App.App'
    rs = []
    rs.append(('RT.App.App.Stopped.Rule', rule('RT.App.App.Stopped.Rule', T, group('And', src('ContosoApp', (False, False)), ev(1001, (False, False))),
        ds_runas='RT.App.Account', supp=None), 'App stopped'))
    rs.append(('RT.App.App.Hung.Rule', rule('RT.App.App.Hung.Rule', T, group('And', ev(1002), src('ContosoApp'),
        regex('EventDescription', None, 'ContainsSubstring', 'not responding')),
        computer='$Target/Host/Property[Type="Windows!Microsoft.Windows.Computer"]/PrincipalName$', wa_runas='Legacy_Account',
        supp='<Suppression>\n<SuppressionValue/>\n</Suppression>'), 'App hung'))
    xml = '\n'.join(pretty('\n'.join(r[1] for r in rs)))
    xml = '\n'.join('      ' + l for l in xml.split('\n'))
    src_ = src_.replace('      <Rule ID="RT.App.App.Events.Collection"', xml + '\n      <Rule ID="RT.App.App.Events.Collection"', 1)
    src_ = src_.replace('      <StringResource ID="RT.App.App.Crash.Rule.AlertMessage" />',
        '      <StringResource ID="RT.App.App.Crash.Rule.AlertMessage" />\n' + '\n'.join(f'      <StringResource ID="{r[0]}.AlertMessage" />' for r in rs), 1)
    d = '\n'.join(pretty('\n'.join(displays(r[0], r[2]) for r in rs)))
    d = '\n'.join('        ' + l for l in d.split('\n'))
    i = src_.index('<DisplayStrings>') + len('<DisplayStrings>')
    src_ = src_[:i] + '\n' + d + src_[i:]
    open(out, 'w').write(src_)

if len(sys.argv) > 2:
    app(sys.argv[1] + '/RT.App.xml')
