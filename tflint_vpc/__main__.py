from tflint_vpc.cli import main

main()
