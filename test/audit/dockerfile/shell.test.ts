import { DockerInstruction } from '../../../lib/audit/dockerfile/parse-dockerfile';
import { packageInstalls, runCommands } from '../../../lib/audit/dockerfile/shell';

const run = (content: string): DockerInstruction => ({ keyword: 'RUN', line: 2, content, args: [], flags: {}, properties: [] });

// Tokenizing follows POSIX shell quoting (shell-quote): a separator or redirection inside quotes is text; outside,
// `&&`, `||`, `;`, `|`, `&`, new lines and subshell parentheses end a command and redirections take no argument.
describe('runCommands', () => {
  test('a separator inside quotes does not split the command', () => {
    expect(runCommands(run('echo "a; apt-get install -y curl"'))).toEqual([['echo', 'a; apt-get install -y curl']]);
    expect(packageInstalls([run('echo "a; apt-get install -y curl"')])).toEqual([]);
    expect(runCommands(run("sh -c 'apt-get install -y curl'"))).toEqual([['sh', '-c', 'apt-get install -y curl']]);
  });

  test('redirections and their targets are not arguments', () => {
    const [install] = packageInstalls([run('apt-get install -y curl > /dev/null 2>&1 && rm -rf /var/lib/apt/lists/*')]);
    expect(install.install.packages).toEqual(['curl']);
    expect(install.install.options).toEqual(['-y']);
    expect(runCommands(run('apt-get install -y curl 2>/dev/null | tee log < in &>> all'))).toEqual([
      ['apt-get', 'install', '-y', 'curl'], ['tee', 'log'],
    ]);
  });

  test('operators outside quotes separate commands; globs and variables stay as written', () => {
    expect(runCommands(run('apt-get update && apt-get install -y "curl=7.88.1" $EXTRA || true; (cd /src && make) & rm -rf /var/lib/apt/lists/*'))).toEqual([
      ['apt-get', 'update'], ['apt-get', 'install', '-y', 'curl=7.88.1', '$EXTRA'], ['true'], ['cd', '/src'], ['make'], ['rm', '-rf', '/var/lib/apt/lists/*'],
    ]);
  });

  test('environment prefixes, sudo and comments are dropped', () => {
    expect(runCommands(run('DEBIAN_FRONTEND=noninteractive sudo apt-get install -y a # b; c'))).toEqual([['apt-get', 'install', '-y', 'a']]);
  });

  test('a line shell-quote cannot read (an unclosed ${) is split on blanks rather than dropped', () => {
    expect(runCommands(run('apt-get install -y curl ${X'))).toEqual([['apt-get', 'install', '-y', 'curl', '${X']]);
  });

  test('heredoc and exec-form RUNs are read as the shell would run them', () => {
    expect(runCommands(run("<<EOF\napt-get install -y vim # editor\necho 'x\ny'\nEOF"))).toEqual([['apt-get', 'install', '-y', 'vim'], ['echo', 'x\ny']]);
    expect(runCommands(run('["/bin/sh", "-c", "echo \\"a; b\\" && apk add git"]'))).toEqual([['echo', 'a; b'], ['apk', 'add', 'git']]);
    expect(runCommands(run('["apt-get", "install", "-y", "a;b"]'))).toEqual([['apt-get', 'install', '-y', 'a;b']]);
  });
});
