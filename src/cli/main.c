/* main: the gongkai command's entry point; dispatches to one function per subcommand (cmd.c). */
#include "cli/cmd.h"

int main(int argc, char **argv)
{
    return cmd_dispatch(argc, argv);
}
