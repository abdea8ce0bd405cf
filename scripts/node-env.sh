# Sourced by the scripts: puts the project-local Node 24 (if setup installed one) first on PATH.
if [[ -x "$(pwd)/.tools/node24/node_modules/.bin/node" ]]; then
  export PATH="$(pwd)/.tools/node24/node_modules/.bin:$PATH"
fi
node_is_recent() {
  command -v node >/dev/null && [[ $(node -p 'process.versions.node.split(".")[0]') -ge 22 ]]
}
