//! The command line in Portuguese: the help's sentences (each command's summary, each flag's
//! help) and clap's own words (headings, its error messages), for `--lang pt` and a
//! Portuguese locale. clap has no catalog of its own, so the help is built from the same
//! clap definition (`cli.rs`) with these strings put in, and clap's fixed words are
//! translated in what it renders: an error keeps its usage line and its exit status 2.

use std::ffi::OsString;
use std::io::Write;

use clap::builder::{EnumValueParser, PossibleValue, TypedValueParser};
use clap::{Command, CommandFactory, FromArgMatches, ValueEnum};

use crate::check::Proto;
use crate::cli::{Cli, TraceMode};
use crate::demo::Scenario;
use crate::term::text::{self, Colour, Lang};

/// Each command's summary, by its path (`msg server`).
const ABOUT: &[(&str, &str)] = &[
    (
        "",
        "Implementação de referência de cinco trabalhos clássicos de programação com sockets",
    ),
    (
        "msg",
        "Repetidor de mensagens binário: um servidor, emissores que enviam, exibidores que mostram",
    ),
    (
        "msg server",
        "Repassa as mensagens dos emissores aos exibidores",
    ),
    (
        "msg emitter",
        "Envia as linhas da entrada como mensagens (ids de 1 a 999)",
    ),
    (
        "msg display",
        "Mostra as mensagens repassadas a ele (ids de 1000 a 1999)",
    ),
    (
        "kv",
        "Armazenamento chave-valor entre pares, com inundação limitada por TTL",
    ),
    (
        "kv node",
        "Um servente: guarda um banco, responde a clientes, inunda pedidos aos vizinhos",
    ),
    (
        "kv client",
        "Pede chaves (`? CHAVE`) e a topologia (`T`) à rede; `Q` sai",
    ),
    (
        "chat",
        "Bate-papo P2P em linhas de texto, com servidor de diretório",
    ),
    ("chat server", "O diretório: quem está ativo e onde escuta"),
    (
        "chat peer",
        "Cadastra-se no diretório e conversa diretamente com outros pares",
    ),
    ("mcast", "Bate-papo multicast UDP com datagramas JSON"),
    (
        "mcast send",
        "Envia as linhas da entrada ao grupo como datagramas JSON",
    ),
    ("mcast recv", "Entra no grupo e mostra cada mensagem"),
    (
        "echo",
        "O cliente e o servidor de eco do tutorial de sockets",
    ),
    (
        "echo server",
        "Devolve cada byte até o cliente fechar; muitos clientes ao mesmo tempo",
    ),
    (
        "echo client",
        "Envia mensagens por uma ou mais conexões e confere o eco",
    ),
    (
        "app",
        "A aplicação de pedido e resposta com cabeçalho JSON do tutorial de sockets",
    ),
    (
        "app server",
        "Responde a pedidos com cabeçalho JSON: busca numa tabela, ou descreve um pedido binário",
    ),
    ("app client", "Envia um pedido e mostra a resposta"),
    (
        "check",
        "Confere um servidor (ou um par de chat) com a especificação: casos numerados, o motivo de cada falha e uma dica quando os bytes batem com um erro conhecido",
    ),
    (
        "demo",
        "Cenários narrados para a sala de aula, em loopback (todos, sem argumento)",
    ),
    (
        "generate",
        "Escreve os completamentos de shell ou as páginas de manual",
    ),
    (
        "generate completions",
        "Mostra o script de completamento de SHELL na saída padrão",
    ),
    (
        "generate man",
        "Escreve netlab.1 e uma página por subcomando em PASTA",
    ),
    (
        "generate wireshark",
        "Escreve netlab.lua, os dissectores do Wireshark, em PASTA",
    ),
    (
        "grade",
        "Avalia uma turma: os papéis de cada entrega conferidos contra uma rubrica, com pontos, resultados do Gradescope e um relatório da turma",
    ),
    (
        "grade init",
        "Escreve na saída padrão uma rubrica inicial com todos os casos de PROTOCOLO, comentada",
    ),
    (
        "proxy",
        "Veja dois programas conversarem: repassa as conexões, mostra cada quadro decodificado e, se pedido, atrapalha de propósito (divide, junta, atrasa, corrompe, fecha)",
    ),
];

/// Each flag's help, by its command's path and its id; the path `*` holds the ones that read
/// the same wherever they are (a command's own entry comes first).
const HELP: &[(&str, &str, &str)] = &[
    (
        "",
        "lang",
        "Idioma das linhas para o usuário [padrão: de LC_ALL, LC_MESSAGES ou LANG]",
    ),
    (
        "",
        "verbose",
        "Registra mais: cada conexão e decisão de roteamento (stderr)",
    ),
    ("", "quiet", "Registra só os erros (stderr)"),
    (
        "",
        "trace",
        "Mostra cada quadro enviado e recebido, decodificado (stderr); `--trace=hex` acrescenta o tempo desde o início, o tamanho e os bytes em hexadecimal",
    ),
    (
        "*",
        "port_arg",
        "O mesmo que `-p PORTA`, sem o `-p` (`server 24100`)",
    ),
    (
        "*",
        "bind",
        "Endereço onde escutar (um IP, ou um nome como localhost)",
    ),
    (
        "msg server",
        "port",
        "Porta TCP onde escutar (0: o sistema escolhe)",
    ),
    (
        "chat server",
        "port",
        "Porta TCP onde escutar (0: o sistema escolhe)",
    ),
    (
        "echo server",
        "port",
        "Porta TCP onde escutar (0: o sistema escolhe)",
    ),
    (
        "app server",
        "port",
        "Porta TCP onde escutar (0: o sistema escolhe)",
    ),
    (
        "kv node",
        "port",
        "Porta TCP onde escutar (0: o sistema escolhe)",
    ),
    (
        "msg server",
        "max_emitters",
        "Máximo de emissores cadastrados ao mesmo tempo (de 0 a 999)",
    ),
    (
        "msg server",
        "max_displays",
        "Máximo de exibidores cadastrados ao mesmo tempo (de 0 a 1000)",
    ),
    (
        "msg server",
        "queue",
        "Mensagens em espera por exibidor; com a fila cheia, os emissores que a alimentam esperam",
    ),
    (
        "msg server",
        "ack_timeout",
        "Quanto tempo um exibidor pode deixar uma mensagem sem OK (ex.: 2s, 500ms)",
    ),
    (
        "msg server",
        "hello_timeout",
        "Quanto tempo uma conexão nova tem para completar seu OI",
    ),
    (
        "msg server",
        "stall_timeout",
        "Quanto tempo um exibidor que segura emissores pode ficar sem ler antes de ser descartado",
    ),
    (
        "*",
        "server",
        "Endereço do servidor (um HOST sem porta usa a porta padrão)",
    ),
    (
        "msg emitter",
        "id",
        "Id a cadastrar (de 1 a 999); sem ele, o menor livre",
    ),
    (
        "msg emitter",
        "to",
        "Destino padrão das linhas comuns: um id de exibidor, ou 0 para todos",
    ),
    (
        "msg display",
        "id",
        "Id a cadastrar (de 1000 a 1999); sem ele, o menor livre a partir de 1001 (1000 não tem dono)",
    ),
    (
        "msg display",
        "owner",
        "O emissor que pode parar este exibidor (de 1 a 999) [padrão: o próprio id menos 1000]",
    ),
    (
        "kv node",
        "dbfile",
        "Arquivo do banco: um `CHAVE VALOR…` por linha, comentários com `#`",
    ),
    (
        "kv node",
        "neighbours",
        "Vizinhos a conectar (precisam já estar rodando)",
    ),
    (
        "kv node",
        "bind",
        "Endereço onde escutar; as conexões de saída também partem dele",
    ),
    (
        "kv node",
        "advertise",
        "IP a dar como endereço deste nó nas respostas de topologia",
    ),
    (
        "kv node",
        "trim_values",
        "Começa cada valor no primeiro caractere não branco (a regra do trabalho) em vez de depois do branco que encerra a chave",
    ),
    (
        "kv node",
        "dedup_window",
        "Por quanto tempo uma inundação é lembrada e suas cópias descartadas (ex.: 10s, 1500ms)",
    ),
    (
        "kv node",
        "answer_rate",
        "Máximo de conexões de resposta abertas a um endereço de cliente por segundo (0: sem limite)",
    ),
    (
        "kv client",
        "port",
        "Porta TCP onde receber as respostas (0: o sistema escolhe)",
    ),
    ("kv client", "node", "O nó ao qual conectar"),
    (
        "kv client",
        "bind",
        "Endereço local; a conexão com o nó também parte dele",
    ),
    (
        "kv client",
        "timeout",
        "Silêncio que encerra a coleta de respostas (ex.: 4s, 1500ms)",
    ),
    (
        "chat server",
        "expire",
        "Silêncio depois do qual um usuário é desligado (ex.: 15s)",
    ),
    (
        "chat server",
        "addr_with_name",
        "Responde ADDR como `ADDR nome:ip:porta` (a edição mais nova do trabalho)",
    ),
    (
        "chat peer",
        "name",
        "Nome a cadastrar (de 1 a 32 caracteres, sem `:`; brancos no meio valem, como em \"ana julia\")",
    ),
    (
        "chat peer",
        "server",
        "Endereço do servidor de diretório (um HOST sem porta usa a porta padrão) [padrão: 127.0.0.1:10000]",
    ),
    (
        "chat peer",
        "server_flag",
        "O mesmo que o argumento HOST:PORTA (a grafia antiga)",
    ),
    (
        "chat peer",
        "listen",
        "Porta TCP onde aceitar conversas (0: o sistema escolhe)",
    ),
    ("chat peer", "bind", "Endereço local para as conversas"),
    (
        "chat peer",
        "keepalive",
        "Intervalo entre os keepalives ao servidor",
    ),
    (
        "mcast send",
        "user",
        "Nome levado em cada mensagem (não vazio)",
    ),
    (
        "mcast send",
        "ttl",
        "TTL multicast (saltos, de 0 a 255; 0 fica nesta máquina, 1 na rede local)",
    ),
    (
        "*",
        "group",
        "Grupo multicast (IPv4 224.0.0.0/4 ou IPv6 ff00::/8)",
    ),
    ("mcast send", "port", "Porta UDP"),
    ("mcast recv", "port", "Porta UDP"),
    (
        "*",
        "iface",
        "Interface: seu nome (ex.: lo), ou em IPv4 seu endereço local (ex.: 127.0.0.1), em IPv6 seu índice [padrão: a escolha do sistema]",
    ),
    (
        "*",
        "loop_",
        "Recebe os próprios datagramas nesta máquina (o padrão)",
    ),
    (
        "*",
        "no_loop",
        "Não recebe os próprios datagramas nesta máquina",
    ),
    ("*", "quit_word", "A linha que encerra o bate-papo"),
    (
        "mcast recv",
        "show_sender",
        "Mostra cada mensagem com o endereço de quem a enviou antes: `[IP:PORTA] NOME: TEXTO`",
    ),
    (
        "echo client",
        "connections",
        "Conexões a abrir ao mesmo tempo",
    ),
    (
        "echo client",
        "words",
        "O endereço do servidor, se o primeiro argumento for um (um IP, HOST:PORTA, localhost ou um nome com pontos; padrão 127.0.0.1:65432), e então as mensagens a enviar em cada conexão [padrão: \"Hello, world\"]",
    ),
    (
        "app server",
        "data",
        "Entradas para a busca, no formato de banco do kv [padrão: a tabela do tutorial]",
    ),
    (
        "app server",
        "max_content",
        "O maior conteúdo que um pedido pode anunciar (bytes, ou com KiB ou MiB; no máximo 16 MiB); um pedido acima disso é recusado pelo cabeçalho",
    ),
    (
        "app client",
        "words",
        "[HOST:PORTA] (padrão 127.0.0.1:65432), AÇÃO (`search` envia um pedido JSON; qualquer outra envia o pedido binário AÇÃO+VALOR) e VALOR (a chave a buscar, ou a segunda metade de um pedido binário)",
    ),
    ("check", "protocol", "O que conferir"),
    (
        "check",
        "target",
        "O endereço (um HOST sem porta usa a porta padrão do protocolo; kv e chat-peer precisam de uma)",
    ),
    (
        "check",
        "list",
        "Lista os casos (numerados pela seção da especificação) sem rodá-los, e o máximo que uma rodada pode levar",
    ),
    (
        "check",
        "only",
        "Roda só estes casos: um id (kv.flood.3) ou um prefixo (kv.flood), separados por vírgula ou repetidos",
    ),
    (
        "check",
        "timeout",
        "Quanto tempo cada resposta esperada pode levar, por mais devagar que venham seus bytes (ex.: 2s, 500ms)",
    ),
    (
        "check",
        "quick",
        "Pula os casos de esperas longas (a expiração de 15 s do keepalive, o prazo de 10 s do OI)",
    ),
    (
        "check",
        "strict",
        "Roda também os casos estritos (textos e carimbos de tempo exatos, extensões)",
    ),
    (
        "check",
        "junit",
        "Escreve também os resultados em JUnit XML em ARQUIVO (para CI e GitHub Classroom)",
    ),
    (
        "check",
        "json",
        "Um objeto JSON por caso na saída padrão, em vez de texto",
    ),
    (
        "check",
        "key",
        "kv: uma chave que o nó tem (o valor vem da resposta)",
    ),
    (
        "demo",
        "scenario",
        "Qual cenário [padrão: todos, um por vez]",
    ),
    (
        "demo",
        "step",
        "Mostra a narração de cada passo e espera Enter antes de executá-lo (uma linha de entrada por passo; no fim da entrada a demonstração segue sem esperar; Ctrl-C a encerra, status 0)",
    ),
    (
        "demo",
        "pace",
        "Espera tantos segundos antes de cada passo (ex.: 2, 1.5, 500ms)",
    ),
    (
        "demo",
        "color",
        "Cor nas linhas de cada papel: só num terminal (auto; NO_COLOR desliga), sempre (always) ou nunca (never)",
    ),
    (
        "",
        "diagram",
        "Desenha a troca como diagrama de sequência na saída padrão, sozinho, quando ela termina (Mermaid e PlantUML sem cerca de Markdown): os quadros rastreados de um papel (suas próprias linhas vão então para stderr), as conexões do proxy (no Ctrl-C), os papéis da demonstração; em `check`, o formato da troca de cada caso que falhou no relatório de texto (desenhada também sem esta opção: uma escada ali, Mermaid no --json, no máximo 12 quadros se --diagram-limit não disser outro número)",
    ),
    (
        "",
        "diagram_limit",
        "Desenha no máximo N quadros, depois uma nota dizendo quantos ficaram de fora",
    ),
    (
        "",
        "ascii",
        "Desenha a escada em ASCII puro em vez de caracteres de desenho de caixas",
    ),
    (
        "kv node",
        "max_db_size",
        "Maior arquivo de banco de dados carregado (p. ex. 1GiB, 200MiB); um maior é um erro",
    ),
    (
        "app server",
        "max_data_size",
        "Maior arquivo de --data carregado (p. ex. 1GiB, 200MiB); um maior é um erro",
    ),
    (
        "check",
        "exec",
        "Inicia o servidor sob teste com este comando (sem HOST:PORTA então): `{port}` é uma porta livre; ele é reiniciado entre os casos se morreu, e parado com seu grupo de processos no fim (p. ex. `python3 server.py {port}`)",
    ),
    (
        "check",
        "gradescope",
        "Escreve também o results.json do Gradescope em ARQUIVO (pontos de --rubric, senão 1 por caso)",
    ),
    (
        "check",
        "rubric",
        "Os pontos dos casos (uma rubrica do `netlab grade`, TOML ou JSON): a linha `Points N/M`, o --junit e o --gradescope os levam",
    ),
    (
        "check",
        "say",
        "Conferência de cliente: o que digitar para AÇÃO (`broadcast`, `unicast`, `qem`, `stop-display`, `list`, `chat`, `bye`, `quit`), com `{text}`, `{dest}`, `{name}` preenchidos; repetível [padrão: os comandos do próprio netlab, p. ex. `quit=/quit`]",
    ),
    (
        "check",
        "say_file",
        "Conferência de cliente: um arquivo de linhas AÇÃO=MODELO (comentários com `#`); --say vence",
    ),
    (
        "check",
        "command",
        "Conferência de cliente: a linha de comando do cliente, depois de `--`, executada uma vez por caso; `{host}`, `{port}`, `{server}` (HOST:PORTA), `{listen}`, `{id}`, `{action}`, `{value}`, `{group}` e `{iface}` são substituídos, e NETLAB_HOST, NETLAB_PORT… são definidos",
    ),
    (
        "grade",
        "rubric",
        "A rubrica (TOML ou JSON): o protocolo, como iniciar cada papel, os pontos",
    ),
    (
        "grade",
        "submissions",
        "As entregas, uma pasta cada (o nome dela é o da entrega)",
    ),
    (
        "grade",
        "jobs",
        "Avalia esta quantidade de entregas ao mesmo tempo (cada uma em portas próprias)",
    ),
    (
        "grade",
        "resume",
        "Pula as entregas já avaliadas neste arquivo (o results.json de uma execução anterior)",
    ),
    (
        "grade",
        "budget",
        "O máximo que um papel de uma entrega pode levar: TEMPO para todo papel, ou PAPEL=TEMPO (repetível) [padrão: o teto da conferência para o servidor, 5m para um papel de cliente]",
    ),
    ("grade", "out", "Onde vão os resultados e relatórios"),
    (
        "grade",
        "matrix",
        "Também executa os clientes de cada entrega contra o servidor de cada entrega e o do netlab, o cenário de sala de aula do protocolo pelo proxy do netlab (msg, echo, app, kv, chat)",
    ),
    (
        "grade init",
        "protocol",
        "O protocolo, ou o papel de cliente, cujos casos a rubrica nomeia",
    ),
    (
        "proxy",
        "protocol",
        "O protocolo que os dois programas falam",
    ),
    (
        "proxy",
        "listen",
        "Onde escutar: PORTA (em 127.0.0.1; 0 deixa o sistema escolher) ou IP:PORTA",
    ),
    (
        "proxy",
        "target",
        "Para onde repassar cada conexão: HOST:PORTA (um host sozinho leva a porta do protocolo)",
    ),
    (
        "proxy",
        "split",
        "Escreve cada quadro N bytes por vez, ou corta nos seus campos (`field`: depois do cabeçalho e do tamanho do msg, 14+2+8; dentro de um cabeçalho sozinho; em volta dos dados do kv; tamanho e cabeçalho do app; uma linha do chat dentro do texto e entre CR e LF)",
    ),
    (
        "proxy",
        "gap",
        "A pausa entre os pedaços de um quadro dividido (--split) [padrão: 20ms]",
    ),
    (
        "proxy",
        "coalesce",
        "Segura até N quadros e os entrega numa só escrita",
    ),
    (
        "proxy",
        "hold",
        "Quanto o --coalesce espera por mais quadros antes de enviar o que segura (mcast: quanto o --reorder segura um datagrama quando nenhum seguinte vem) [padrão: 100ms]",
    ),
    (
        "proxy",
        "delay",
        "Entrega cada quadro este tempo mais tarde (a ordem é mantida, como o TCP a mantém)",
    ),
    (
        "proxy",
        "jitter",
        "Soma a cada quadro um atraso aleatório de 0 até TEMPO (a ordem é mantida)",
    ),
    ("proxy", "rate", "Entrega no máximo BYTES por segundo"),
    (
        "proxy",
        "close_after",
        "Fecha os dois lados quando N quadros passaram num sentido",
    ),
    (
        "proxy",
        "reset_after",
        "Reinicia (RST) os dois lados quando N quadros passaram num sentido",
    ),
    (
        "proxy",
        "half_close_after",
        "Encerra o fluxo para o receptor quando N quadros passaram no sentido dele (o outro sentido continua)",
    ),
    (
        "proxy",
        "corrupt",
        "Põe VALOR num campo do N-ésimo quadro (`type=9@3`; nomes como na referência do protocolo: msg `type orig dest seq timestamp length count`, kv `type port nseq size ttl ip`, app `length`)",
    ),
    ("proxy", "only", "Aplica as perturbações num sentido só"),
    (
        "proxy",
        "iface",
        "mcast: a interface à qual todo socket é fixado (seu endereço IPv4 ou nome) [padrão: 127.0.0.1]",
    ),
    (
        "proxy",
        "drop",
        "mcast: descarta cada datagrama com probabilidade P (de 0 a 1, ou uma porcentagem: 10%)",
    ),
    (
        "proxy",
        "duplicate",
        "mcast: envia cada datagrama duas vezes com probabilidade P",
    ),
    (
        "proxy",
        "reorder",
        "mcast: segura cada datagrama com probabilidade P e o entrega depois do seguinte (sozinho depois de --hold se nenhum vier)",
    ),
    (
        "proxy",
        "seed",
        "Semente das escolhas aleatórias (--jitter, --drop, --duplicate, --reorder), para repetir uma execução exatamente",
    ),
    (
        "proxy",
        "peers",
        "chat: leva também as chamadas entre pares: cada endereço de par nas respostas ADDR do diretório é trocado por uma porta de escuta do proxy que repassa ao par, e as conversas são decodificadas e perturbadas (no máximo 64 dessas portas; as respostas do kv vão sempre pelo proxy)",
    ),
];

/// clap's own words and the help's headings, in the order they are replaced (longer first
/// where one contains another).
const CLAP: &[(&str, &str)] = &[
    ("error: ", "erro: "),
    (
        "the following required arguments were not provided:",
        "faltam estes argumentos obrigatórios:",
    ),
    ("unexpected argument '", "argumento inesperado '"),
    ("' found", "'"),
    ("invalid value '", "valor inválido '"),
    ("' for '", "' para '"),
    ("the argument '", "o argumento '"),
    ("' cannot be used with '", "' não pode ser usado com '"),
    ("' cannot be used with:", "' não pode ser usado com:"),
    (
        "' cannot be used multiple times",
        "' não pode ser usado mais de uma vez",
    ),
    ("unrecognized subcommand '", "subcomando desconhecido '"),
    ("a value is required for '", "falta um valor para '"),
    ("' but none was supplied", "'"),
    ("[possible values: ", "[valores possíveis: "),
    ("  tip: ", "  dica: "),
    ("dica: subcommand '", "dica: o subcomando '"),
    (
        "' exists; to use it, remove the '",
        "' existe; para usá-lo, tire o '",
    ),
    ("' before it", "' antes dele"),
    ("' exists", "' existe"),
    (
        "a similar argument exists: '",
        "existe um argumento parecido: '",
    ),
    (
        "a similar subcommand exists: '",
        "existe um subcomando parecido: '",
    ),
    (
        "some similar subcommands exist: ",
        "existem subcomandos parecidos: ",
    ),
    (
        "some similar arguments exist: ",
        "existem argumentos parecidos: ",
    ),
    ("to pass '", "para passar '"),
    ("' as a value, use '", "' como valor, use '"),
    (
        "requires a subcommand but one was not provided",
        "precisa de um subcomando, e nenhum foi dado",
    ),
    ("[subcommands: ", "[subcomandos: "),
    (
        "equal sign is needed when assigning values to '",
        "é preciso um sinal de igual para dar valor a '",
    ),
    ("unexpected value '", "valor inesperado '"),
    ("'; no more were expected", "'; nenhum outro era esperado"),
    (" values required by '", " valores exigidos por '"),
    (" value required by '", " valor exigido por '"),
    ("; only ", "; só "),
    (" were provided", " foram dados"),
    (" was provided", " foi dado"),
    (" (after ", " (depois de "),
    ("invalid UTF-8 was detected", "há UTF-8 inválido"),
    (
        "For more information, try '--help'.",
        "Para saber mais, tente '--help'.",
    ),
    (
        "Print help (see a summary with '-h')",
        "Mostra a ajuda (um resumo com '-h')",
    ),
    (
        "Print help (see more with '--help')",
        "Mostra a ajuda (mais com '--help')",
    ),
    (
        "Print this message or the help of the given subcommand(s)",
        "Mostra esta mensagem ou a ajuda do subcomando",
    ),
    ("Print help", "Mostra a ajuda"),
    ("Print version", "Mostra a versão"),
    ("[default: ", "[padrão: "),
    ("Possible values:", "Valores possíveis:"),
    ("[aliases: ", "[apelidos: "),
];

/// The possible values' helps and the examples' comments.
const VALUES: &[(&str, &str)] = &[
    (
        "One decoded line per frame",
        "Uma linha decodificada por quadro",
    ),
    (
        "The decoded line, a relative timestamp and a hex dump",
        "A linha decodificada, o tempo relativo e os bytes em hexadecimal",
    ),
    (
        "On a terminal, unless NO_COLOR is set (to anything but an empty string)",
        "Num terminal, a menos que NO_COLOR esteja definida (não vazia)",
    ),
    (
        "Always, even on a pipe and with NO_COLOR set",
        "Sempre, mesmo num pipe e com NO_COLOR definida",
    ),
    ("Never", "Nunca"),
    ("A msg server", "Um servidor msg"),
    (
        "One kv node (check plays its client and its neighbours)",
        "Um nó kv (check faz o papel do cliente e dos vizinhos)",
    ),
    (
        "A chat directory server",
        "Um servidor de diretório de chat",
    ),
    (
        "A chat peer's listening port",
        "A porta de escuta de um par de chat",
    ),
    (
        "An app server (the tutorial's JSON-header framing)",
        "Um servidor app (o enquadramento com cabeçalho JSON do tutorial)",
    ),
    ("An echo server", "Um servidor de eco"),
    (
        "A server, displays 1001 and 1002, emitters 1 and 2: the assignment's four tests",
        "Um servidor, exibidores 1001 e 1002, emissores 1 e 2: os quatro testes do trabalho",
    ),
    (
        "Five nodes in a line and a client: the TTL stops the flood at the fourth node",
        "Cinco nós em linha e um cliente: o TTL para a inundação no quarto nó",
    ),
    (
        "A directory server; Ana, Bruno and Camila list, chat and leave",
        "Um servidor de diretório; Ana, Bruno e Camila listam, conversam e saem",
    ),
    (
        "Two receivers and two senders on loopback; sair ends the chat",
        "Dois receptores e dois emissores em loopback; sair encerra o chat",
    ),
    (
        "The tutorial's echo run and its multi-connection run",
        "O eco do tutorial e sua versão com várias conexões",
    ),
    (
        "The tutorial's app: a search hit, a miss, the emoji key, a binary request",
        "O app do tutorial: uma busca achada, uma não achada, a chave emoji, um pedido binário",
    ),
    (
        "# every classroom scenario, narrated, on loopback",
        "# todos os cenários, narrados, em loopback",
    ),
    (
        "# one scenario, Enter between steps",
        "# um cenário, Enter entre os passos",
    ),
    (
        "# every frame decoded, with its bytes",
        "# cada quadro decodificado, com seus bytes",
    ),
    (
        "# every scenario in turn",
        "# todos os cenários, um por vez",
    ),
    (
        "# Enter moves on to the next step",
        "# Enter passa ao próximo passo",
    ),
    (
        "# two seconds between steps",
        "# dois segundos entre os passos",
    ),
    ("# in Portuguese", "# em português"),
    ("# the system picks the port", "# o sistema escolhe a porta"),
    (
        "# a bare host takes port ",
        "# um host sem porta usa a porta ",
    ),
    (
        "# with the first node as neighbour",
        "# com o primeiro nó como vizinho",
    ),
    ("# an IPv6 group", "# um grupo IPv6"),
    (
        "A msg display (netlab plays the server; COMMAND after `--`)",
        "Um exibidor msg (o netlab faz o papel do servidor; COMANDO depois de `--`)",
    ),
    (
        "A msg emitter (netlab plays the server; COMMAND after `--`)",
        "Um emissor msg (o netlab faz o papel do servidor; COMANDO depois de `--`)",
    ),
    (
        "A kv client (netlab plays its node; COMMAND after `--`)",
        "Um cliente kv (o netlab faz o papel do nó; COMANDO depois de `--`)",
    ),
    (
        "A chat peer's directory side and its calls (netlab plays the server; COMMAND after `--`)",
        "O lado de diretório de um par de chat e suas chamadas (o netlab faz o papel do servidor; COMANDO depois de `--`)",
    ),
    (
        "An app client (netlab plays the tutorial's server; COMMAND after `--`)",
        "Um cliente app (o netlab faz o papel do servidor do tutorial; COMANDO depois de `--`)",
    ),
    (
        "An echo client (netlab plays the echo server; COMMAND after `--`)",
        "Um cliente echo (o netlab faz o papel do servidor de eco; COMANDO depois de `--`)",
    ),
    (
        "A multicast sender (netlab receives, on 127.0.0.1 only; COMMAND after `--`)",
        "Um emissor multicast (o netlab recebe, só em 127.0.0.1; COMANDO depois de `--`)",
    ),
    (
        "A multicast receiver (netlab sends, on 127.0.0.1 only; COMMAND after `--`)",
        "Um receptor multicast (o netlab envia, só em 127.0.0.1; COMANDO depois de `--`)",
    ),
    (
        "Mermaid `sequenceDiagram` text (a Markdown block of kind mermaid renders it)",
        "Texto `sequenceDiagram` do Mermaid (um bloco Markdown do tipo mermaid o desenha)",
    ),
    (
        "PlantUML text (@startuml … @enduml)",
        "Texto PlantUML (@startuml … @enduml)",
    ),
    (
        "A ladder drawn on the terminal, wrapped to its width",
        "Uma escada desenhada no terminal, quebrada na largura dele",
    ),
    (
        "Binary message relay (14-byte headers)",
        "Retransmissor de mensagens binário (cabeçalhos de 14 bytes)",
    ),
    (
        "P2P key-value store (the node's TCP port)",
        "Armazenamento chave-valor P2P (a porta TCP do nó)",
    ),
    (
        "Text-line chat (CRLF lines: the directory server or a peer)",
        "Chat de linhas de texto (linhas CRLF: o servidor de diretório ou um par)",
    ),
    (
        "The tutorial's JSON-header application",
        "A aplicação com cabeçalho JSON do tutorial",
    ),
    (
        "The tutorial's echo (no frames: each read is shown as it came)",
        "O eco do tutorial (sem quadros: cada leitura aparece como veio)",
    ),
    (
        "UDP multicast chat: relays one group's datagrams to another group",
        "Chat multicast UDP: repassa os datagramas de um grupo para outro grupo",
    ),
    ("What the client sends", "O que o cliente envia"),
    ("What the server sends", "O que o servidor envia"),
];

/// Each value name (`<PORT>`, `[HOST:PORT]`, `--timeout <TIME>`) in Portuguese, for the
/// help, the usage lines, the errors and the man pages; every value name of the command tree
/// has its entry (the ids, which clap matches by, stay).
const NAMES: &[(&str, &str)] = &[
    ("ACTION=TEMPLATE", "AÇÃO=MODELO"),
    ("ADDR", "ENDEREÇO"),
    ("BYTES", "BYTES"),
    ("COMMAND", "COMANDO"),
    ("DBFILE", "ARQUIVO_BD"),
    ("DIR", "PASTA"),
    ("DIRECTION", "SENTIDO"),
    ("FIELD=VALUE@N", "CAMPO=VALOR@N"),
    ("FILE", "ARQUIVO"),
    ("FORMAT", "FORMATO"),
    ("GROUP", "GRUPO"),
    ("HOPS", "SALTOS"),
    ("HOST:PORT", "HOST:PORTA"),
    ("HOW", "MODO"),
    ("ID", "ID"),
    ("IFACE", "INTERFACE"),
    ("IP", "IP"),
    ("IP:PORT", "IP:PORTA"),
    ("KEY", "CHAVE"),
    ("LANG", "IDIOMA"),
    ("LISTEN", "ESCUTA"),
    ("N", "N"),
    // `field` is the value itself (`--split field`).
    ("N|field", "N|field"),
    ("NAME", "NOME"),
    ("P", "P"),
    ("PATTERN", "PADRÃO"),
    ("PORT", "PORTA"),
    ("PROTOCOL", "PROTOCOLO"),
    ("RUBRIC", "RUBRICA"),
    ("SCENARIO", "CENÁRIO"),
    ("SECONDS", "SEGUNDOS"),
    ("SHELL", "SHELL"),
    ("SIZE", "TAMANHO"),
    ("SUBMISSION_DIR", "PASTA_DA_ENTREGA"),
    ("TARGET", "ALVO"),
    ("TIME", "TEMPO"),
    ("WHEN", "QUANDO"),
    ("WORD", "PALAVRA"),
    ("[HOST:PORT] ACTION VALUE", "[HOST:PORTA] AÇÃO VALOR"),
    ("[HOST:PORT] MESSAGE", "[HOST:PORTA] MENSAGEM"),
    ("[ROLE=]TIME", "[PAPEL=]TEMPO"),
];

/// The usage lines written by hand (`override_usage`), by command path, in Portuguese.
const OVERRIDE_USAGE: &[(&str, &str)] = &[
    (
        "echo client",
        "netlab echo client [OPÇÕES] [HOST:PORTA] [MENSAGEM]...",
    ),
    (
        "app client",
        "netlab app client [OPÇÕES] [HOST:PORTA] AÇÃO VALOR",
    ),
];

/// clap's placeholders in a usage line.
const USAGE: &[(&str, &str)] = &[
    ("[OPTIONS]", "[OPÇÕES]"),
    ("<COMMAND>", "<COMANDO>"),
    ("[COMMAND]", "[COMANDO]"),
];

/// Headings, replaced only where a line starts with them.
const HEADINGS: &[(&str, &str)] = &[
    ("Usage: ", "Uso: "),
    ("Arguments:", "Argumentos:"),
    ("Options:", "Opções:"),
    ("Commands:", "Comandos:"),
    ("Global options:", "Opções globais:"),
    ("Diagrams:", "Diagramas:"),
    ("Impairments:", "Perturbações:"),
    ("Examples:", "Exemplos:"),
    ("Example:", "Exemplo:"),
];

/// Each command's long description (`--help`, the man page's DESCRIPTION) after its summary,
/// by path: what the English long description says, in Portuguese.
const LONG: &[(&str, &str)] = &[
    (
        "",
        "netlab é a implementação de referência de cinco trabalhos clássicos de programação com \
         sockets (um repetidor de mensagens binário, um armazenamento chave-valor P2P, um \
         bate-papo P2P com servidor de diretório, um bate-papo multicast UDP, e os programas de \
         eco e de cabeçalho JSON do tutorial de sockets), compatível byte a byte com as \
         implementações dos mesmos protocolos feitas por estudantes.",
    ),
    (
        "msg",
        "O repetidor orientado a eventos do trabalho: emissores enviam textos curtos, o servidor \
         os repassa, exibidores os mostram. Todo quadro começa com um cabeçalho big-endian de 14 \
         bytes (tipo, origem, destino, número de sequência, carimbo de tempo) e toda mensagem é \
         respondida com OK ou ERRO.",
    ),
    (
        "msg server",
        "Aceita emissores (ids de 1 a 999) e exibidores (ids de 1000 a 1999) numa porta TCP e \
         repassa cada MSG a um exibidor ou a todos. Cada exibidor recebe uma mensagem por vez, e \
         a seguinte quando tiver respondido OK; um OK ao emissor quer dizer que a mensagem está na \
         fila de entrega, e um exibidor que fica para trás desacelera os emissores que o \
         alimentam (controle de fluxo do TCP) em vez de perder mensagens. QEM faz um exibidor \
         mostrar a lista de clientes. Ctrl-C envia FLW a cada exibidor, espera até 2 segundos \
         pelos OKs e sai com 0.",
    ),
    (
        "msg emitter",
        "Cadastra-se no servidor (com o menor id livre de 1 a 999, a não ser com `--id`), depois \
         envia cada linha lida da entrada como uma MSG e mostra a resposta do servidor na saída \
         de erros: OK, ou ERRO com o motivo. Linhas que começam com `/` são comandos (ver \
         COMANDOS). O fim da entrada, Ctrl-C e `/quit` se despedem (FLW) e saem com 0.",
    ),
    (
        "msg display",
        "Cadastra-se no servidor (com o menor id livre de 1001 a 1999, a não ser com `--id`) e \
         mostra na saída padrão cada mensagem repassada a ele, `Mensagem de ID: TEXTO`, \
         respondendo a cada uma com OK; um QEM mostra `Clientes (N): ID…`. Sai com 0 quando o \
         seu dono pede que pare (`/stop`), quando o servidor encerra e com Ctrl-C.",
    ),
    (
        "kv",
        "Nós (serventes) guardam cada um um banco e se ligam numa rede sobreposta; um cliente \
         pede ao seu nó uma chave ou a topologia, o pedido é inundado com TTL 3, e cada nó ao \
         alcance que sabe responder se conecta de volta ao cliente com a sua resposta.",
    ),
    (
        "kv node",
        "Escuta em PORTA, carrega ARQUIVO_BD (um `CHAVE VALOR` por linha; `#` começa uma linha \
         de comentário) e se conecta a cada vizinho dado, que já precisa estar rodando. O pedido \
         de um cliente é respondido a partir do banco deste nó e inundado a cada vizinho com \
         TTL 3; cada nó ao alcance que sabe responder abre uma nova conexão com o cliente e \
         envia uma RESP. Uma inundação já vista é descartada, então ciclos na rede sobreposta \
         nunca multiplicam mensagens.",
    ),
    (
        "kv client",
        "Escuta as respostas em PORTA, conecta-se ao nó em IP:PORTA e lê comandos da entrada \
         (ver COMANDOS; `help` os lista). Depois de cada pedido mostra cada resposta assim que \
         chega, seguida do endereço da conexão que a entregou, até passar uma janela de \
         silêncio sem nenhuma (`--timeout`); sem resposta alguma mostra `Nenhuma resposta \
         recebida`.",
    ),
    (
        "chat",
        "Um servidor de diretório sabe quem está ativo e onde cada par aceita conversas; os \
         pares se cadastram nele e depois conversam entre si por conexões TCP diretas, em linhas \
         terminadas em CRLF.",
    ),
    (
        "chat server",
        "Os pares cadastram um nome e a porta em que aceitam conversas (`USER nome:porta`), \
         perguntam quem mais está ativo (`LIST`) e onde um nome escuta (`ADDR nome`). Um par em \
         silêncio por `--expire` (três períodos de keepalive) é desligado; uma violação do \
         protocolo (um nome inválido ou já usado, uma linha com mais de 4096 bytes, um comando \
         antes de USER) é respondida com `ERR motivo` e a conexão é fechada. Ctrl-C fecha todas \
         as conexões e sai com 0.",
    ),
    (
        "chat peer",
        "Cadastra NOME no servidor de diretório, aceita conversas de outros pares numa porta TCP \
         própria e abre conversas com `/chat NOME`. As linhas lidas da entrada vão para a \
         conversa ativa; linhas que começam com `/` são comandos (ver COMANDOS). `/exit`, Ctrl-C \
         e o fim da entrada fecham todas as conversas com DISC e saem com 0.",
    ),
    (
        "mcast",
        "Os remetentes transformam cada linha digitada num datagrama `{\"user\": NOME, \"data\": \
         TEXTO}` para um grupo multicast; os receptores entram no grupo e mostram cada mensagem. \
         A palavra de saída (`sair`) encerra o bate-papo para todos os receptores.",
    ),
    (
        "mcast send",
        "Envia cada linha lida da entrada como um datagrama UDP para o grupo multicast, o objeto \
         JSON `{\"user\": NOME, \"data\": LINHA}`, com no máximo 1400 bytes (uma linha maior é \
         recusada e nada é enviado). A palavra de saída (`sair`) é enviada como qualquer linha, \
         então todos os receptores param, e em seguida o remetente sai com 0; o fim da entrada e \
         Ctrl-C saem com 0 sem enviá-la. Sem `--iface`, a interface padrão do sistema leva os \
         datagramas para a rede: `--iface 127.0.0.1` os mantém nesta máquina.",
    ),
    (
        "mcast recv",
        "Entra no grupo multicast (vários receptores podem dividir a porta num mesmo host) e \
         mostra cada mensagem na saída padrão como `NOME: TEXTO`. Uma mensagem cujo dado é a \
         palavra de saída encerra o bate-papo: o receptor diz quem o encerrou, sai do grupo e \
         termina com 0. Datagramas que não são mensagens são relatados na saída de erros e \
         ignorados. Nunca lê a entrada.",
    ),
    (
        "echo",
        "Os programas de eco e de múltiplas conexões do tutorial de sockets: o servidor devolve \
         cada byte; o cliente confere que recebeu de volta exatamente o que enviou, em uma ou \
         mais conexões ao mesmo tempo.",
    ),
    (
        "echo server",
        "Devolve cada byte que recebe pela mesma conexão até o cliente fechar, para qualquer \
         número de clientes ao mesmo tempo, e registra na saída de erros a aceitação e o \
         fechamento de cada conexão, com o IP:PORTA do cliente. Escuta em 127.0.0.1:65432 por \
         padrão.",
    ),
    (
        "echo client",
        "Abre `-c N` conexões com o servidor de eco, envia cada MENSAGEM em cada uma, lê de \
         volta exatamente tantos bytes quanto enviou e mostra o que recebeu em cada conexão. Um \
         primeiro argumento que é um endereço (um IP, HOST:PORTA, localhost ou um nome com \
         pontos) indica o servidor; qualquer outro é a primeira mensagem. Sai com 1 se um eco \
         diferir ou se o servidor fechar antes da hora.",
    ),
    (
        "app",
        "Um pedido e uma resposta por conexão, cada um enquadrado como um tamanho big-endian de \
         2 bytes, um cabeçalho JSON (byteorder, content-type, content-encoding, content-length) \
         e o conteúdo.",
    ),
    (
        "app server",
        "Responde a um pedido por conexão e depois a fecha. Um pedido text/json `{\"action\": \
         \"search\", \"value\": CHAVE}` recebe o item de CHAVE na tabela (`--data ARQUIVO`, ou a \
         tabela embutida do tutorial) ou a resposta de não encontrado do tutorial (em inglês, \
         como no tutorial); qualquer outro tipo de conteúdo recebe de volta os 10 primeiros bytes \
         do pedido. Um quadro inválido fecha só a sua própria conexão, com o motivo registrado. \
         Escuta em 127.0.0.1:65432 por padrão.",
    ),
    (
        "app client",
        "`search VALOR` envia um pedido text/json e mostra o resultado; qualquer outra AÇÃO envia \
         o pedido binário AÇÃO+VALOR e mostra a resposta. O endereço do servidor é opcional \
         (padrão 127.0.0.1:65432).",
    ),
    (
        "check",
        "Faz o papel do outro lado de um protocolo diante de uma implementação em teste (o \
         servidor, nó ou par de um estudante, ou o do próprio netlab) e roda casos numerados, \
         cada um ligado a uma regra da referência do protocolo, cada um em conexões novas e com \
         prazo. Cada caso mostra uma linha (PASS, FAIL, WARN ou SKIP); sob um FAIL, o que foi \
         enviado, o que se esperava e o que chegou, decodificado e em hexadecimal, e uma dica \
         quando os bytes correspondem a um erro visto na prática (um tamanho little-endian, um \
         texto fixo de 140 bytes, um TTL errado por um…). --junit escreve um relatório que CI e \
         o GitHub Classroom leem.",
    ),
    (
        "grade",
        "Roda `netlab check` em cada papel que a rubrica indica (o servidor com --exec, na pasta \
         da entrega) de cada pasta de entrega, uma após a outra ou --jobs ao mesmo tempo, cada \
         papel parado ao fim do seu orçamento e avaliado pelo que fez. Escreve, sob --out, \
         ENTREGA/results.json (o formato do Gradescope), results.json (a turma inteira, que \
         --resume lê), report.csv e report.html. `netlab grade init PROTOCOLO` escreve uma \
         rubrica inicial que nomeia cada caso.",
    ),
    (
        "grade init",
        "A rubrica nomeia o protocolo, uma seção `[server]` com o comando que inicia o servidor de \
         uma entrega (`{port}` é uma porta livre) e `[points]` com cada caso de PROTOCOLO, um ponto \
         cada, pronta para editar.",
    ),
    (
        "demo",
        "Roda os cenários de aula dos cinco protocolos dentro deste único processo, em portas de \
         loopback que o sistema escolhe, então nada sai da máquina. Cada linha que um papel \
         mostra aparece com o papel (`[emissor 1] > Ob-la-di`, `[exibidor 1002] Mensagem de 1: \
         Ob-la-di`), e linhas `#` narram o que acontece e por quê. As linhas de um passo \
         aparecem juntas, papel por papel, numa ordem fixa. Num terminal a narração se ajusta à \
         sua largura (num pipe não é quebrada, a não ser com COLUMNS definido) e cada papel tem \
         a sua cor (`--color`; NO_COLOR desliga a cor, a não ser com `--color always`).",
    ),
    (
        "proxy",
        "Escuta em ESCUTA e encaminha cada conexão que aceita para ALVO, mostrando na saída \
         padrão cada quadro nos dois sentidos enquanto passa, decodificado, com o número da \
         conexão, o sentido (`->` para o servidor, `<-` para o cliente), o tempo desde o início \
         e o tamanho (`--trace=hex` acrescenta os bytes). Bytes que não decodificam aparecem \
         crus, com as dicas que `netlab check` dá. As perturbações valem nos dois sentidos, a \
         não ser que `--only` indique um, e se combinam; cada uma aplicada é dita (`proxy: \
         split MSG seq=3 into 14+2+8`). A memória fica limitada por conexão: um lado não é lido \
         enquanto os bytes de saída do outro esperam. Ctrl-C fecha os dois lados de cada \
         conexão e sai com 0.",
    ),
];

/// The language the command line asks for (`--lang pt`, `--lang=pt`), else the locale's;
/// read before clap parses, so its help and errors can already be in that language.
pub fn lang_of(args: &[OsString]) -> Lang {
    let mut words = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        let value = match word.strip_prefix("--lang") {
            Some("") => words.next().map(|w| w.into_owned()),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => None,
        };
        match value.as_deref() {
            Some("pt") => return Lang::Pt,
            Some("en") => return Lang::En,
            _ => {}
        }
    }
    Lang::from_env()
}

/// The clap definition with the Portuguese summaries and helps put in.
pub fn command() -> Command {
    translate(Cli::command(), "")
}

/// The clap definition in `lang`: the English one, or [`command`] (for the errors built
/// after parsing, whose usage line it writes).
pub fn command_in(lang: Lang) -> Command {
    match lang {
        Lang::En => Cli::command(),
        Lang::Pt => command(),
    }
}

/// [`command`] as a terminal shows it, wrapped to `width`: clap's bracketed words (`[default:
/// …]`, `[possible values: …]`, the list of possible values with their helps) written in
/// Portuguese into each flag's help instead of rendered by clap, so clap wraps them as the
/// rest of the help however they fall; `<COMMAND>` is `<COMANDO>`.
pub fn terminal_command(width: usize) -> Command {
    spec_values(command(), width)
}

fn spec_values(mut cmd: Command, width: usize) -> Command {
    cmd = cmd.term_width(width);
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        cmd = cmd.mut_arg(&id, |a| arg_spec_values(a, width));
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subs {
        cmd = cmd.mut_subcommand(name, |s| spec_values(s, width));
    }
    cmd
}

/// The width of clap's long help's indent (`--help` puts each help on the next line).
const LONG_INDENT: usize = 10;

/// One argument's `[padrão: …]` and possible values, as clap would lay them out in English.
fn arg_spec_values(a: clap::Arg, width: usize) -> clap::Arg {
    if !a.get_action().takes_values() {
        return a;
    }
    let default =
        (!a.is_hide_default_value_set() && !a.get_default_values().is_empty()).then(|| {
            a.get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join(" ")
        });
    let values: Vec<PossibleValue> = match a.is_hide_possible_values_set() {
        true => Vec::new(),
        false => a
            .get_possible_values()
            .into_iter()
            .filter(|v| !v.is_hide_set())
            .collect(),
    };
    if default.is_none() && values.is_empty() {
        return a;
    }
    let names = values
        .iter()
        .map(|v| v.get_name().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let listed = values.iter().any(|v| v.get_help().is_some());
    let default = default.map(|d| format!("[padrão: {d}]"));
    let inline = (!values.is_empty()).then(|| format!("[valores possíveis: {names}]"));
    // The summary (`-h`): the bracketed words after the help, on its line.
    let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
    let short: Vec<&str> = [Some(help.as_str()).filter(|h| !h.is_empty())]
        .into_iter()
        .chain([default.as_deref(), inline.as_deref()])
        .flatten()
        .collect();
    // The long help (`--help`): a paragraph each, the possible values with their helps in a
    // list (clap's own layout: `- name: help`, wrapped under the name).
    let mut long = a
        .get_long_help()
        .or(a.get_help())
        .map(|h| h.to_string())
        .unwrap_or_default();
    if listed {
        let longest = values.iter().map(|v| text::text_width(v.get_name())).max();
        let longest = longest.unwrap_or(0);
        long.push_str("\n\nValores possíveis:");
        let avail = width
            .checked_sub(LONG_INDENT + 2)
            .filter(|w| *w > 0)
            .unwrap_or(usize::MAX);
        for v in &values {
            let name = v.get_name();
            let item = match v.get_help() {
                Some(h) => {
                    let pad = " ".repeat(longest - text::text_width(name));
                    format!("{name}: {pad}{h}")
                }
                None => name.to_string(),
            };
            long.push_str("\n- ");
            long.push_str(&clap_wrap(&item, avail).join("\n  "));
        }
    }
    let specs: Vec<&str> = [default.as_deref(), inline.as_deref().filter(|_| !listed)]
        .into_iter()
        .flatten()
        .collect();
    if !specs.is_empty() {
        long.push_str("\n\n");
        long.push_str(&specs.join("\n"));
    }
    a.hide_default_value(true)
        .hide_possible_values(true)
        .help(short.join(" "))
        .long_help(long)
}

/// `text` in lines of at most `width` columns, broken where clap breaks its help's lines
/// (at blanks, greedily, a word longer than a line left whole).
fn clap_wrap(text: &str, width: usize) -> Vec<String> {
    // A word keeps its blanks after it (the padding after a possible value's name too).
    let mut words = Vec::new();
    let mut start = 0;
    let mut blank = false;
    for (i, c) in text.char_indices() {
        if blank && c != ' ' {
            words.push(&text[start..i]);
            start = i;
        }
        blank = c == ' ';
    }
    words.push(&text[start..]);
    let mut lines = vec![String::new()];
    let mut used = 0;
    for (k, word) in words.into_iter().enumerate() {
        let trimmed = word.trim_end();
        let w = text::text_width(trimmed);
        if k > 0 && width < used + w {
            let line = lines.last_mut().expect("a line");
            *line = line.trim_end().to_string();
            lines.push(String::new());
            used = 0;
        }
        used += w + (word.len() - trimmed.len());
        lines.last_mut().expect("a line").push_str(word);
    }
    lines
}

fn translate(mut cmd: Command, path: &str) -> Command {
    if let Some((_, about)) = ABOUT.iter().find(|(p, _)| *p == path) {
        let en_about = cmd.get_about().map(|a| a.to_string()).unwrap_or_default();
        let en_long = cmd.get_long_about().map(|a| a.to_string());
        let long = LONG.iter().find(|(p, _)| *p == path).map(|(_, l)| *l);
        // The long description as the English one is laid out: the summary first where the
        // English repeats it, then the description; the summary alone where there is none.
        let long = match (en_long, long) {
            (Some(en), Some(long)) if en.starts_with(&format!("{en_about}\n\n")) => {
                format!("{about}\n\n{long}")
            }
            (_, Some(long)) => long.to_string(),
            (_, None) => about.to_string(),
        };
        cmd = cmd.about(*about).long_about(long);
    }
    if cmd.has_subcommands() {
        cmd = cmd.subcommand_value_name("COMANDO");
    }
    if let Some((_, usage)) = OVERRIDE_USAGE.iter().find(|(p, _)| *p == path) {
        cmd = cmd.override_usage(*usage);
    }
    if let Some(after) = cmd.get_after_help().map(|a| examples(&a.to_string())) {
        cmd = cmd.after_help(after);
    }
    if let Some(after) = cmd.get_after_long_help().map(|a| examples(&a.to_string())) {
        cmd = cmd.after_long_help(after);
    }
    let own = |id: &str| {
        HELP.iter()
            .find(|(p, i, _)| *p == path && *i == id)
            .or_else(|| HELP.iter().find(|(p, i, _)| *p == "*" && *i == id))
            .map(|(_, _, help)| *help)
    };
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    // `mut_arg` moves an argument to the end, and positionals without an explicit index are
    // numbered in order: each keeps the place it was declared at.
    let positionals: Vec<String> = cmd
        .get_positionals()
        .map(|a| a.get_id().to_string())
        .collect();
    for (i, id) in positionals.iter().enumerate() {
        cmd = cmd.mut_arg(id, |a| {
            if a.get_index().is_none() {
                a.index(i + 1)
            } else {
                a
            }
        });
    }
    for id in ids {
        cmd = cmd.mut_arg(&id, value_names);
        if let Some(help) = own(&id) {
            cmd = cmd.mut_arg(&id, |a| a.help(help).long_help(help));
        }
        // The possible values' helps, where clap shows them.
        cmd = match (path, id.as_str()) {
            (_, "trace") => cmd.mut_arg(&id, |a| a.value_parser(Values::<TraceMode>::new())),
            (_, "lang") => cmd.mut_arg(&id, |a| a.value_parser(Values::<Lang>::new())),
            ("demo", "scenario") => cmd.mut_arg(&id, |a| a.value_parser(Values::<Scenario>::new())),
            ("demo", "color") => cmd.mut_arg(&id, |a| a.value_parser(Values::<Colour>::new())),
            ("check", "protocol") => cmd.mut_arg(&id, |a| a.value_parser(Values::<Proto>::new())),
            ("grade init", "protocol") => {
                cmd.mut_arg(&id, |a| a.value_parser(Values::<Proto>::new()))
            }
            (_, "diagram") => cmd.mut_arg(&id, |a| {
                a.value_parser(Values::<crate::diagram::Format>::new())
            }),
            ("proxy", "protocol") => cmd.mut_arg(&id, |a| {
                a.value_parser(Values::<crate::proxy::Proto>::new())
            }),
            ("proxy", "only") => {
                cmd.mut_arg(&id, |a| a.value_parser(Values::<crate::proxy::Only>::new()))
            }
            _ => cmd,
        };
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subs {
        let sub_path = match path {
            "" => name.clone(),
            _ => format!("{path} {name}"),
        };
        cmd = cmd.mut_subcommand(name, |s| translate(s, &sub_path));
    }
    cmd
}

/// An argument's value names in Portuguese ([`NAMES`]); one without an entry keeps its own.
fn value_names(a: clap::Arg) -> clap::Arg {
    if !a.get_action().takes_values() {
        return a;
    }
    let Some(names) = a.get_value_names() else {
        return a;
    };
    let names: Vec<String> = names
        .iter()
        .map(|n| pt_value_name(n.as_str()).unwrap_or(n.as_str()).to_string())
        .collect();
    a.value_names(names)
}

/// A value name in Portuguese, if [`NAMES`] has it.
fn pt_value_name(en: &str) -> Option<&'static str> {
    NAMES.iter().find(|(e, _)| *e == en).map(|(_, pt)| *pt)
}

/// A value enum's parser whose possible values carry their Portuguese helps (parsing is the
/// enum's own).
#[derive(Clone)]
struct Values<T: ValueEnum + Clone + Send + Sync + 'static>(EnumValueParser<T>);

impl<T: ValueEnum + Clone + Send + Sync + 'static> Values<T> {
    fn new() -> Self {
        Values(EnumValueParser::new())
    }
}

impl<T: ValueEnum + Clone + Send + Sync + 'static> TypedValueParser for Values<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<T, clap::Error> {
        self.0.parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        let values = T::value_variants().iter().filter_map(|v| {
            let value = v.to_possible_value()?;
            let help = value.get_help().map(|h| {
                let en = h.to_string();
                VALUES
                    .iter()
                    .find(|(e, _)| *e == en)
                    .map_or(en, |(_, pt)| pt.to_string())
            });
            Some(match help {
                Some(help) => value.help(help),
                None => value,
            })
        });
        Some(Box::new(values))
    }
}

/// The examples of an English after-help (the other sections, reference text in English, are
/// left out: `netlab --lang pt check --list PROTOCOL` lists the checker's cases in Portuguese).
fn examples(after: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in after.lines() {
        if line.starts_with("Examples:") || line.starts_with("Example:") {
            inside = true;
        } else if inside && !line.starts_with("  ") {
            inside = false;
        }
        if inside {
            let mut line = line.to_string();
            for (en, pt) in VALUES {
                line = line.replace(en, pt);
            }
            out.push_str(&line);
            out.push('\n');
        }
    }
    out.trim_end().to_string()
}

/// clap's own words (headings, errors, the help flag's help) in Portuguese.
pub fn clap_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut usage = false;
    for line in text.split_inclusive('\n') {
        // (clap leaves blanks at the end of a long help's empty lines.)
        let end = if line.ends_with('\n') { "\n" } else { "" };
        let mut line = format!("{}{end}", line.trim_end());
        // The usage lines, which clap never wraps: its placeholders.
        usage = match line.trim_end() {
            "" => false,
            l => usage || l.starts_with("Usage: "),
        };
        if usage {
            for (en, pt) in USAGE {
                line = line.replace(en, pt);
            }
        }
        let start = line.len() - line.trim_start().len();
        for (en, pt) in HEADINGS {
            if line[start..].starts_with(en) {
                line.replace_range(start..start + en.len(), pt);
                break;
            }
        }
        for (en, pt) in CLAP.iter().chain(VALUES) {
            if line.contains(en) {
                line = line.replace(en, pt);
            }
        }
        out.push_str(&fit(&line, width()));
    }
    out
}

/// clap's own words in a man page's roff (rendered by clap_mangen from [`command`]): the
/// help flag's help, `[default: …]`, the possible values' heading, each written as roff
/// writes it (dashes and apostrophes escaped).
pub fn clap_words_roff(roff: &str) -> String {
    let esc = |s: &str| s.replace('-', "\\-").replace('\'', "\\*(Aq");
    let mut out = roff.to_string();
    for (en, pt) in CLAP {
        let en = esc(en);
        if out.contains(&en) {
            out = out.replace(&en, &esc(pt));
        }
    }
    out
}

/// The width clap wraps its help to: the terminal's, else COLUMNS, else 100; at most 100.
fn width() -> usize {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok());
    text::terminal_width().or(columns).unwrap_or(100).min(100)
}

/// A translated line that grew past `width`, wrapped again at blanks, its next lines
/// indented under its text (after a possible value's `- name:` too).
fn fit(line: &str, width: usize) -> String {
    let body = line.trim_end_matches('\n');
    if text::text_width(body) <= width {
        return line.to_string();
    }
    let indent = body.len() - body.trim_start().len();
    let rest = &body[indent..];
    let head = match rest.strip_prefix("- ").and_then(|r| r.find(": ")) {
        // `- name:` and the blanks that align the helps.
        Some(colon) => {
            let after = &rest[colon + 4..];
            colon + 4 + (after.len() - after.trim_start().len())
        }
        None => 0,
    };
    let (prefix, text) = body.split_at(indent + head);
    let hang = text::text_width(prefix);
    let lines = text::wrap(text, width.saturating_sub(hang).max(20));
    let mut out = String::new();
    for (k, l) in lines.iter().enumerate() {
        match k {
            0 => out.push_str(prefix),
            _ => out.push_str(&" ".repeat(hang)),
        }
        out.push_str(l);
        out.push('\n');
    }
    if !line.ends_with('\n') {
        out.pop();
    }
    out
}

/// Show a clap error (or the help or version it carries) in Portuguese and exit with its
/// status: 0 for help and version, 2 for a usage error.
pub fn exit(e: clap::Error) -> ! {
    let text = clap_words(&e.render().to_string());
    // A stream that is gone (a closed pipe) takes nothing; the status still says it.
    let _ = if e.use_stderr() {
        write!(std::io::stderr(), "{text}")
    } else {
        write!(std::io::stdout(), "{text}")
    };
    std::process::exit(e.exit_code());
}

/// Parse the command line with the Portuguese help and errors.
pub fn parse(args: Vec<OsString>) -> Cli {
    let matches = terminal_command(width())
        .try_get_matches_from(args)
        .unwrap_or_else(|e| exit(e));
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| exit(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(words: &[&str]) -> Vec<OsString> {
        words.iter().map(OsString::from).collect()
    }

    /// clap's own checks of the command tree (positional order included), which a debug
    /// build runs only for the subcommand actually used.
    #[test]
    fn the_portuguese_command_passes_clap_s_own_checks() {
        command().debug_assert();
    }

    #[test]
    fn the_language_is_read_before_parsing() {
        assert_eq!(lang_of(&args(&["netlab", "--lang", "pt", "msg"])), Lang::Pt);
        assert_eq!(lang_of(&args(&["netlab", "msg", "--lang=pt"])), Lang::Pt);
        assert_eq!(lang_of(&args(&["netlab", "--lang", "en", "msg"])), Lang::En);
        // After `--` it is a value, not the flag.
        let after = lang_of(&args(&["netlab", "echo", "client", "--", "--lang", "pt"]));
        assert_eq!(after, Lang::from_env());
    }

    #[test]
    fn every_command_and_flag_has_its_portuguese_help() {
        fn walk(c: &Command, path: &str, missing: &mut Vec<String>) {
            if path != "generate" && !path.starts_with("generate ") {
                if !ABOUT.iter().any(|(p, _)| *p == path) {
                    missing.push(format!("about of {path:?}"));
                }
                for a in c.get_arguments() {
                    let id = a.get_id().as_str();
                    let global = a.is_global_set() && !path.is_empty();
                    let known = HELP
                        .iter()
                        .any(|(p, i, _)| (*p == path || *p == "*") && *i == id);
                    if !global && !known && !matches!(id, "help" | "version") {
                        missing.push(format!("{path:?} {id}"));
                    }
                }
            }
            for s in c.get_subcommands() {
                let p = match path {
                    "" => s.get_name().to_string(),
                    _ => format!("{path} {}", s.get_name()),
                };
                walk(s, &p, missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "", &mut missing);
        assert!(missing.is_empty(), "no Portuguese help for {missing:?}");
    }

    /// Every command with an English long description (`--help`, the man page) has its
    /// Portuguese one, and no Portuguese one is left over for a command that has none.
    #[test]
    fn every_long_description_has_its_portuguese_one() {
        fn walk(c: &Command, path: &str, missing: &mut Vec<String>, seen: &mut Vec<String>) {
            if c.get_long_about().is_some() {
                seen.push(path.to_string());
                if !LONG.iter().any(|(p, _)| *p == path) {
                    missing.push(path.to_string());
                }
            }
            for s in c.get_subcommands() {
                let p = match path {
                    "" => s.get_name().to_string(),
                    _ => format!("{path} {}", s.get_name()),
                };
                walk(s, &p, missing, seen);
            }
        }
        let (mut missing, mut seen) = (Vec::new(), Vec::new());
        walk(&Cli::command(), "", &mut missing, &mut seen);
        assert!(
            missing.is_empty(),
            "no Portuguese long description for {missing:?}"
        );
        let extra: Vec<_> = LONG
            .iter()
            .filter(|(p, _)| !seen.iter().any(|s| s == p))
            .collect();
        assert!(extra.is_empty(), "{extra:?}");
        // And the Portuguese help shows it.
        let pt = command();
        let kv = pt
            .find_subcommand("kv")
            .unwrap()
            .find_subcommand("node")
            .unwrap();
        let long = kv.get_long_about().unwrap().to_string();
        assert!(
            long.starts_with("Um servente") && long.contains("\n\nEscuta em PORTA"),
            "{long}"
        );
    }

    /// Every value name of the command tree (positionals and options, every subcommand) has
    /// its Portuguese one, the Portuguese tree shows it, and the table holds no other.
    #[test]
    fn every_value_name_has_its_portuguese_one() {
        fn walk(c: &Command, path: &str, out: &mut Vec<(String, String, String)>) {
            for a in c.get_arguments().filter(|a| a.get_action().takes_values()) {
                for n in a.get_value_names().into_iter().flatten() {
                    out.push((path.to_string(), a.get_id().to_string(), n.to_string()));
                }
            }
            for s in c.get_subcommands() {
                let p = match path {
                    "" => s.get_name().to_string(),
                    _ => format!("{path} {}", s.get_name()),
                };
                walk(s, &p, out);
            }
        }
        let (mut en, mut pt) = (Vec::new(), Vec::new());
        walk(&Cli::command(), "", &mut en);
        walk(&command(), "", &mut pt);
        let missing: Vec<_> = en
            .iter()
            .filter(|(_, _, n)| pt_value_name(n).is_none())
            .collect();
        assert!(
            missing.is_empty(),
            "no Portuguese value name for {missing:?}"
        );
        // The Portuguese tree: the same arguments (ids unchanged), each with its pt name.
        let want: Vec<_> = en
            .iter()
            .map(|(p, i, n)| (p.clone(), i.clone(), pt_value_name(n).unwrap().to_string()))
            .collect();
        assert_eq!(pt, want);
        let unused: Vec<_> = NAMES
            .iter()
            .filter(|(e, _)| !en.iter().any(|(_, _, n)| n == e))
            .collect();
        assert!(unused.is_empty(), "value names no argument has: {unused:?}");
    }

    /// Every usage line written by hand has its Portuguese one, with the same words where
    /// they are not value names.
    #[test]
    fn every_usage_written_by_hand_has_its_portuguese_one() {
        fn walk(en: &Command, pt: &Command, path: &str, seen: &mut Vec<String>) {
            if let Some(usage) = en.get_overridden_usage() {
                seen.push(path.to_string());
                let (_, want) = OVERRIDE_USAGE
                    .iter()
                    .find(|(p, _)| *p == path)
                    .unwrap_or_else(|| panic!("no Portuguese usage for {path:?}: {usage}"));
                assert_eq!(pt.get_overridden_usage().unwrap().to_string(), *want);
                let usage = usage.to_string();
                let (en_words, pt_words): (Vec<_>, Vec<_>) =
                    (usage.split(' ').collect(), want.split(' ').collect());
                assert_eq!(en_words.len(), pt_words.len(), "{usage} / {want}");
                assert_eq!(en_words[..3], pt_words[..3], "{usage} / {want}");
            }
            for s in en.get_subcommands() {
                let p = match path {
                    "" => s.get_name().to_string(),
                    _ => format!("{path} {}", s.get_name()),
                };
                let t = pt.find_subcommand(s.get_name()).unwrap();
                walk(s, t, &p, seen);
            }
        }
        let mut seen = Vec::new();
        walk(&Cli::command(), &command(), "", &mut seen);
        let extra: Vec<_> = OVERRIDE_USAGE
            .iter()
            .filter(|(p, _)| !seen.iter().any(|s| s == p))
            .collect();
        assert!(extra.is_empty(), "{extra:?}");
    }

    #[test]
    fn clap_errors_keep_their_usage_line() {
        let text = "error: unexpected argument '-x' found\n\nUsage: netlab msg server [OPTIONS] [PORT]\n\nFor more information, try '--help'.\n";
        assert_eq!(
            clap_words(text),
            "erro: argumento inesperado '-x'\n\nUso: netlab msg server [OPÇÕES] [PORT]\n\nPara saber mais, tente '--help'.\n"
        );
    }
}
