// Placeholder entry point until the command line lands (cli/ only parses arguments).
#include <iostream>

int main() {
  std::cout << "gitops-render " << RENDER_VERSION << "\n";
  return 0;
}
