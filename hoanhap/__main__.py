from hoanhap.cli import main

main()
