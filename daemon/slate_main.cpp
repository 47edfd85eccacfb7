// slate: the command-line client of the Slate appliance.
#include <slate/cli/cli.hpp>

int main(int argc, char** argv) {
  return slate::cli::run(argc, argv);
}
