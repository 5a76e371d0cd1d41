/// The dashboard's Mustache templates. Everything a page needs is inline (style, the SVG charts the
/// server drew, a few lines of script for the live refresh), so it works offline. `{{x}}` escapes
/// HTML; `{{{x}}}` is used only for SVG the server made itself.
enum DashboardTemplates {
    static let layout = """
    <!DOCTYPE html>
    <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{title}} · Alpha Arena</title>
    <style>
    body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#222;background:#fafafa}
    header{background:#1b1f24;color:#fff;padding:10px 20px;display:flex;gap:18px;align-items:center}
    header a{color:#cfd8e3;text-decoration:none}header a:hover{color:#fff}header b{margin-right:12px}
    main{padding:16px 20px;max-width:1280px}
    table{border-collapse:collapse;width:100%;background:#fff;font-size:13px;margin:8px 0 18px}
    th,td{border-bottom:1px solid #e3e3e3;padding:5px 8px;text-align:right;white-space:nowrap}
    th:first-child,td:first-child{text-align:left}th{background:#f0f2f5}
    tr.baseline td{color:#666;font-style:italic}
    .note{color:#555;font-size:13px}.pos{color:#137333}.neg{color:#b3261e}
    pre{background:#fff;border:1px solid #ddd;padding:8px;overflow:auto;max-height:420px;font-size:12px}
    .chart{background:#fff;border:1px solid #ddd;max-width:100%;height:auto}
    .badge{display:inline-block;padding:1px 6px;border-radius:4px;background:#eee;font-size:12px}
    .ok{background:#d7f5dd}.bad{background:#fbd9d6}
    </style></head>
    <body><header><b>Alpha Arena</b>
    <a href="/{{query}}">Leaderboard</a><a href="/coverage{{query}}">Data coverage</a><a href="/services{{query}}">Services</a>
    <span class="note" id="live" style="color:#9aa">live</span></header>
    <main>{{{content}}}</main>
    <script>
    (function(){
    // Live refresh: on a newer version, fetch this page again and swap its main part in place,
    // at most every 3 seconds (a full reload would flicker and restart the page's loading).
    var shown={{version}},busy=false,last=0,live=document.getElementById('live');
    var es=new EventSource('/events{{query}}');
    es.addEventListener('refresh',function(e){
      var v=Number(e.data);if(v===shown||busy||Date.now()-last<3000){return;}
      busy=true;fetch(location.href,{credentials:'same-origin'}).then(function(r){return r.text();}).then(function(t){
        var main=new DOMParser().parseFromString(t,'text/html').querySelector('main');
        if(main){document.querySelector('main').innerHTML=main.innerHTML;shown=v;live.textContent='live · updated '+new Date().toLocaleTimeString();}
      }).finally(function(){busy=false;last=Date.now();});
    });
    es.onerror=function(){live.textContent='reconnecting';};})();
    </script></body></html>
    """

    static let leaderboard = """
    <h1>Leaderboard</h1>
    <p class="note" id="sample">{{note}}</p>
    <table id="leaderboard"><thead><tr><th>model</th><th>NAV</th><th>return</th><th>day</th><th>Sharpe</th><th>Sortino</th><th>max DD</th>
    <th>Calmar</th><th>PSR vs B&amp;H</th><th>trades</th><th>win rate</th><th>profit factor</th><th>fees</th><th>decisions</th><th>rejects</th>
    <th>API cost</th><th>after cost</th></tr></thead><tbody>
    {{#rows}}<tr class="{{kind}}" data-model="{{id}}"><td>{{#link}}<a href="/models/{{id}}{{query}}">{{id}}</a>{{/link}}{{^link}}{{id}}{{/link}}</td>
    <td>{{nav}}</td><td>{{totalReturn}}</td><td>{{dayReturn}}</td><td>{{sharpe}}</td><td>{{sortino}}</td><td>{{maxDrawdown}}</td><td>{{calmar}}</td>
    <td>{{psr}}</td><td>{{trades}}</td><td>{{winRate}}</td><td>{{profitFactor}}</td><td>{{fees}}</td><td>{{decisions}}</td><td>{{rejects}}</td>
    <td>{{apiCost}}</td><td>{{afterCost}}</td></tr>
    {{/rows}}</tbody></table>
    <h2>NAV</h2>
    {{{chart}}}
    <p class="note">Curves are drawn from at most {{chartPoints}} points each (largest-triangle-three-buckets); the API has every point: <code>/api/nav/&lt;model&gt;</code>.</p>
    """

    static let model = """
    <h1>{{id}}</h1>
    <p>State: <span class="badge">{{state}}</span> · NAV {{nav}} · cash {{cash}} · realised {{realized}} · fees {{fees}} · funding {{funding}}</p>
    {{{chart}}}
    <h2>Positions</h2>
    <table id="positions"><thead><tr><th>symbol</th><th>quantity</th><th>average</th><th>mark</th><th>unrealised</th><th>leverage</th></tr></thead><tbody>
    {{#positions}}<tr><td>{{symbol}}</td><td>{{quantity}}</td><td>{{average}}</td><td>{{mark}}</td><td>{{unrealized}}</td><td>{{leverage}}</td></tr>{{/positions}}
    </tbody></table>
    <h2>Trades</h2>
    <p class="note">{{tradeSummary}}</p>
    <table id="trades"><thead><tr><th>symbol</th><th>side</th><th>opened</th><th>closed</th><th>gross</th><th>fees</th><th>net</th><th>R gross</th><th>R net</th></tr></thead><tbody>
    {{#trades}}<tr><td>{{symbol}}</td><td>{{side}}</td><td>{{opened}}</td><td>{{closed}}</td><td>{{gross}}</td><td>{{fees}}</td><td>{{net}}</td><td>{{rGross}}</td><td>{{rNet}}</td></tr>{{/trades}}
    </tbody></table>
    <h2>Decisions</h2>
    <table id="decisions"><thead><tr><th>decision</th><th>outcome</th><th>action</th><th>symbol</th><th>size %</th><th>confidence</th><th>latency ms</th><th>why</th></tr></thead><tbody>
    {{#decisions}}<tr><td><a href="/decisions/{{id}}{{query}}">{{id}}</a></td><td>{{outcome}}</td><td>{{action}}</td><td>{{symbol}}</td><td>{{size}}</td>
    <td>{{confidence}}</td><td>{{latency}}</td><td style="text-align:left;white-space:normal">{{why}}</td></tr>{{/decisions}}
    </tbody></table>
    """

    static let decision = """
    <h1>Decision {{id}}</h1>
    <p>Audit chain through row {{chainSeq}}: <span class="badge {{chainClass}}" id="chain">{{chainText}}</span>
    · snapshot {{snapshotHash}}: <span class="badge {{snapshotClass}}" id="snapshot-check">{{snapshotText}}</span></p>
    <h2>Decision</h2><pre id="decision-json">{{decisionJSON}}</pre>
    {{#prompt}}<h2>Prompt</h2><pre id="prompt">{{prompt}}</pre><h2>Raw reply</h2><pre>{{rawReply}}</pre>{{/prompt}}
    {{#validation}}<h2>Validation errors</h2><pre>{{validation}}</pre>{{/validation}}
    <h2>Risk verdict</h2><pre id="verdict-json">{{verdictJSON}}</pre>
    <h2>Orders</h2><pre id="orders-json">{{ordersJSON}}</pre>
    <h2>Fills</h2><pre id="fills-json">{{fillsJSON}}</pre>
    <h2>Snapshot</h2><pre>{{snapshotJSON}}</pre>
    """

    static let coverage = """
    <h1>Data coverage</h1>
    <table id="coverage"><thead><tr><th>symbol</th><th>1m bars</th><th>first</th><th>last</th></tr></thead><tbody>
    {{#symbols}}<tr><td>{{symbol}}</td><td>{{bars}}</td><td>{{first}}</td><td>{{last}}</td></tr>{{/symbols}}
    </tbody></table>
    <h2>Data alerts</h2>
    <table><thead><tr><th>time</th><th>kind</th><th>symbol</th><th>message</th></tr></thead><tbody>
    {{#alerts}}<tr><td>{{time}}</td><td>{{kind}}</td><td>{{symbol}}</td><td style="text-align:left">{{message}}</td></tr>{{/alerts}}
    </tbody></table>
    """

    static let services = """
    <h1>Services</h1>
    <table id="services"><thead><tr><th>service</th><th>instance</th><th>state</th><th>last heartbeat</th><th>uptime s</th><th>CPU (one core)</th><th>memory</th><th>messages</th><th>messages/s</th><th>alerts</th></tr></thead><tbody>
    {{#services}}<tr><td>{{service}}</td><td>{{instance}}</td><td><span class="badge {{stateClass}}">{{state}}</span></td><td>{{heartbeat}}</td>
    <td>{{uptime}}</td><td>{{cpu}}</td><td>{{memory}}</td><td>{{messages}}</td><td>{{rate}}</td><td>{{alerts}}</td></tr>{{/services}}
    </tbody></table>
    <p class="note">CPU and memory come with each heartbeat; every service also serves them on its <code>/metrics</code> endpoint (Prometheus).</p>
    <h2>Models: decision latency, timeouts, failures</h2>
    <table id="model-health"><thead><tr><th>model</th><th>decisions</th><th>latency p50 ms</th><th>latency p99 ms</th><th>timeouts</th><th>timeout rate</th><th>invalid replies</th><th>risk rejects</th></tr></thead><tbody>
    {{#models}}<tr><td>{{id}}</td><td>{{decisions}}</td><td>{{p50}}</td><td>{{p99}}</td><td>{{timeouts}}</td><td>{{timeoutRate}}</td><td>{{invalid}}</td><td>{{rejects}}</td></tr>{{/models}}
    </tbody></table>
    <h2>Scorer workers: how the pool shares the rounds</h2>
    <table id="workers"><thead><tr><th>worker</th><th>jobs</th><th>share</th><th>latency p50 ms</th><th>latency p99 ms</th><th>last tick</th><th>model files (sha256)</th></tr></thead><tbody>
    {{#workers}}<tr><td>{{worker}}</td><td>{{jobs}}</td><td>{{share}}</td><td>{{p50}}</td><td>{{p99}}</td><td>{{lastTick}}</td><td>{{files}}</td></tr>{{/workers}}
    </tbody></table>
    <h2>Recent alerts</h2>
    <table><thead><tr><th>time</th><th>severity</th><th>source</th><th>kind</th><th>title</th></tr></thead><tbody>
    {{#alerts}}<tr><td>{{time}}</td><td>{{severity}}</td><td>{{source}}</td><td>{{kind}}</td><td style="text-align:left">{{title}}</td></tr>{{/alerts}}
    </tbody></table>
    """
}
