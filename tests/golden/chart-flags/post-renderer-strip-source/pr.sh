#!/bin/sh
sed "/^# Source:/d"
